package dev.hearth.wasmnode.logs;

/**
 * How much of a container's output stays on disk: each run's log is cut into files of at most
 * {@code maxFileBytes}, of which the newest {@code maxFiles} are kept (the kubelet's
 * {@code containerLogMaxSize} and {@code containerLogMaxFiles}), so a module writing without end
 * cannot fill the node's disk.
 *
 * @param maxFileBytes the size at which a log file is rotated
 * @param maxFiles how many files of one run are kept, the current one included
 */
public record LogLimits(long maxFileBytes, int maxFiles) {

    /** The kubelet's defaults: 10 MiB × 5; Hearth keeps 2 since a workshop node is small. */
    public static final LogLimits DEFAULT = new LogLimits(10L * 1024 * 1024, 2);

    public LogLimits {
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("log files must hold at least 1 KiB, got " + maxFileBytes);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("at least one log file must be kept, got " + maxFiles);
        }
    }
}
