package dev.hearth.kit.lines;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into UTF-8 lines as the bytes arrive: the one splitter of the pod-log path
 * (docs/logs.md), used where a module's stdout and stderr become log lines on the WASI node and where
 * the agent reads a followed log. A line goes on the moment its newline arrives (no pipe, no thread in
 * between). A line longer than the limit goes on in pieces, as container runtimes split long log lines,
 * so a writer that never prints a newline cannot exhaust memory; a piece never splits a UTF-8
 * character. Writes may come from any thread.
 */
public final class LineSplitter extends OutputStream {

    private final Consumer<String> lines;
    private final byte[] pending;
    private int size;

    /**
     * @param maxLineBytes the longest piece passed on at once (at least 4, one UTF-8 character)
     * @param lines receives each line without its {@code \n}
     */
    public LineSplitter(int maxLineBytes, Consumer<String> lines) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("a line piece must hold at least one UTF-8 character (4 bytes)");
        }
        this.pending = new byte[maxLineBytes];
        this.lines = lines;
    }

    public int maxLineBytes() {
        return pending.length;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                emit(size);
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Passes on an unterminated last line: a writer's final words often lack a newline. */
    @Override
    public synchronized void close() {
        if (size > 0) {
            emit(size);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int n = Math.min(pending.length - size, length);
            System.arraycopy(bytes, offset, pending, size, n);
            size += n;
            offset += n;
            length -= n;
            if (size == pending.length) {
                emit(utf8Boundary());
            }
        }
    }

    /** Where to cut a full buffer so no UTF-8 character is split between two pieces. */
    private int utf8Boundary() {
        int lead = size - 1;
        while (lead > size - 4 && lead > 0 && (pending[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = pending[lead] & 0xFF;
        int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + length > size ? lead : size;
    }

    /** Passes on the first {@code cut} bytes and keeps the rest for the next line. */
    private void emit(int cut) {
        String line = new String(pending, 0, cut, StandardCharsets.UTF_8);
        System.arraycopy(pending, cut, pending, 0, size - cut);
        size -= cut;
        lines.accept(line);
    }
}
