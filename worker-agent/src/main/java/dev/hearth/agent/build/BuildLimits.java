package dev.hearth.agent.build;

import java.time.Duration;

/**
 * What one build may use (issue 5: CPU, memory, time and output-size limits).
 *
 * @param cpuMillis CPU, in thousandths of a core
 * @param memoryBytes memory, no swap on top
 * @param pids processes and threads
 * @param timeout the compiler's wall time
 * @param maxOutputBytes compiler output streamed before the build is stopped
 * @param maxModuleBytes the largest module pushed
 */
public record BuildLimits(int cpuMillis, long memoryBytes, long pids, Duration timeout, long maxOutputBytes,
        long maxModuleBytes) {

    /** The CPU limit in Docker's unit ({@code NanoCpus}). */
    public long nanoCpus() {
        return cpuMillis * 1_000_000L;
    }
}
