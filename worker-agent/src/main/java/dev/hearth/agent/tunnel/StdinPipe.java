package dev.hearth.agent.tunnel;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A process's standard input fed from tunnel frames. Not {@link java.io.PipedInputStream}: that one
 * fails once the thread that last wrote has ended, and frames are written from whichever thread the
 * channel delivers them on. Bounded by the tunnel's window, not here.
 */
final class StdinPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    void write(byte[] bytes) {
        if (bytes.length > 0) {
            frames.add(bytes.clone());
        }
    }

    @Override
    public void close() {
        frames.add(END);
    }

    @Override
    public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws java.io.IOException {
        if (length == 0) {
            return 0;
        }
        while (!ended && position == current.length) {
            try {
                current = frames.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stdin closed");
            }
            position = 0;
            ended = current == END;
        }
        if (ended) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
