package dev.hearth.wasmnode.wagi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A module's stdout for one request, kept in memory up to a limit. The first write past it marks the
 * output as overflowed, fails (the module sees {@code EIO}) and interrupts the writing thread, which
 * Chicory notices and stops the module: a module writing without end costs the node the limit, not
 * its heap. Written from the one thread that runs the module.
 */
final class BoundedOutput extends OutputStream {

    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean overflowed;

    BoundedOutput(long limit) {
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (overflowed || bytes.size() + (long) length > limit) {
            overflowed = true;
            Thread.currentThread().interrupt();
            throw new IOException("the response passed its limit of " + limit + " bytes");
        }
        bytes.write(data, offset, length);
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
