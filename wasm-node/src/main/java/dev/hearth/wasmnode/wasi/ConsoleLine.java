package dev.hearth.wasmnode.wasi;

import java.util.Objects;

/**
 * One line a module wrote, without its line terminator.
 *
 * @param stream where it was written
 * @param text the line, decoded as UTF-8 (malformed bytes become U+FFFD)
 */
public record ConsoleLine(StdStream stream, String text) {

    public ConsoleLine {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
    }
}
