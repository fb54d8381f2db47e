package dev.hearth.protocol;

/**
 * What a host offers Hearth, as its agent measured or was configured with; the backend's scheduler
 * places clusters by it (memory first, docs/architecture.md, "The backend").
 *
 * @param cpus logical CPUs available to clusters
 * @param memoryBytes memory available to clusters
 * @param maxClusters the most clusters the host may hold at once
 */
public record Capacity(int cpus, long memoryBytes, int maxClusters) {

    public Capacity {
        if (cpus < 0 || memoryBytes < 0 || maxClusters < 0) {
            throw new IllegalArgumentException("capacity cannot be negative: cpus=" + cpus
                    + ", memoryBytes=" + memoryBytes + ", maxClusters=" + maxClusters);
        }
    }
}
