package dev.hearth.agent.logs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The bytes of a followed log, as the HTTP client receives them, cut into lines. Written to directly
 * by the client's thread: no pipe in between, so a line goes on the moment its newline arrives.
 */
final class LineSplitter extends OutputStream {

    /** Longer lines go on in pieces; wasm-node cuts them at 16 KiB already, this is a backstop. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE_BYTES) {
                emit();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n' || line.size() + (i - start) >= MAX_LINE_BYTES) {
                line.write(bytes, start, i - start);
                emit();
                start = bytes[i] == '\n' ? i + 1 : i;
            }
        }
        line.write(bytes, start, end - start);
    }

    /** The log ended: a last line without its newline still counts. */
    synchronized void finish() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
