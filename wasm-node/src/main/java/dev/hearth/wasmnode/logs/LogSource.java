package dev.hearth.wasmnode.logs;

import java.nio.file.Path;
import java.util.List;

/** A run's log to read: one still being written (which can be followed), or a finished one. */
public sealed interface LogSource {

    /** The run is going on; following waits for its next lines. */
    record Live(ContainerLog log) implements LogSource {}

    /** The run ended (or ran before the node restarted); its files, oldest first. */
    record Finished(List<Path> files) implements LogSource {

        public Finished {
            files = List.copyOf(files);
        }
    }
}
