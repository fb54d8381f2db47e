package dev.hearth.agent.plan;

/**
 * A container's hard limits (docs/architecture.md, "A cluster, inside": every container has them).
 *
 * @param memoryBytes the memory limit; swap is not granted on top
 * @param cpuMillis the CPU limit in thousandths of a core
 */
public record ResourceLimits(long memoryBytes, int cpuMillis) {

    public ResourceLimits {
        if (memoryBytes < 6L * 1024 * 1024) {
            // Docker itself refuses less than 6 MiB; failing here names the setting instead.
            throw new IllegalArgumentException("memory limit must be at least 6 MiB, got " + memoryBytes + " bytes");
        }
        if (cpuMillis < 1) {
            throw new IllegalArgumentException("CPU limit must be at least 1 millicore, got " + cpuMillis);
        }
    }

    /** The CPU limit in Docker's unit ({@code NanoCpus}). */
    public long nanoCpus() {
        return cpuMillis * 1_000_000L;
    }
}
