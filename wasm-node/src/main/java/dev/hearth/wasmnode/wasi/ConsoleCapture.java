package dev.hearth.wasmnode.wasi;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link ConsoleSink} that keeps every line in memory: for short runs and tests. A pod's logs go to
 * a bounded file instead, since a module can write without end.
 */
public final class ConsoleCapture implements ConsoleSink {

    private final List<ConsoleLine> lines = new ArrayList<>();

    @Override
    public synchronized void accept(ConsoleLine line) {
        lines.add(line);
    }

    /** Every line so far, both streams, in order. */
    public synchronized List<ConsoleLine> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one stream so far, each followed by a newline. */
    public synchronized String text(StdStream stream) {
        return lines.stream()
                .filter(line -> line.stream() == stream)
                .map(line -> line.text() + "\n")
                .collect(Collectors.joining());
    }
}
