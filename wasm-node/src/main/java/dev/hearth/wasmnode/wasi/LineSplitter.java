package dev.hearth.wasmnode.wasi;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output stream a module's stdout or stderr is bound to: cuts the bytes into lines for a {@link
 * ConsoleSink}. A line longer than {@link #MAX_LINE_BYTES} is passed on in pieces, as container
 * runtimes split long log lines, so a module printing without newlines cannot exhaust memory. Not
 * thread-safe: a module writes from the one thread that runs it.
 */
final class LineSplitter extends OutputStream {

    /** The longest piece passed on at once; the same 16 KiB containerd uses for partial log lines. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final StdStream stream;
    private final ConsoleSink sink;
    private final byte[] pending = new byte[MAX_LINE_BYTES];
    private int size;

    LineSplitter(StdStream stream, ConsoleSink sink) {
        this.stream = stream;
        this.sink = sink;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
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

    /** Passes on an unterminated last line: a module's final words often lack a newline. */
    @Override
    public void close() {
        if (size > 0) {
            emit(size);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int n = Math.min(MAX_LINE_BYTES - size, length);
            System.arraycopy(bytes, offset, pending, size, n);
            size += n;
            offset += n;
            length -= n;
            if (size == MAX_LINE_BYTES) {
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
        sink.accept(new ConsoleLine(stream, new String(pending, 0, cut, StandardCharsets.UTF_8)));
        System.arraycopy(pending, cut, pending, 0, size - cut);
        size -= cut;
    }
}
