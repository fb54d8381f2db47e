package dev.hearth.backend.scheduling;

import java.util.UUID;

/**
 * A host as the scheduler sees it during one pass: what it offers and what is already handed out.
 *
 * @param memoryMib     memory the host offers to clusters
 * @param maxClusters   the most clusters it may hold
 * @param allocatedMib  memory set aside for the clusters it holds
 * @param clusters      how many clusters it holds
 */
public record HostLoad(UUID id, String name, int memoryMib, int maxClusters, int allocatedMib, int clusters) {

    public int freeMib() {
        return Math.max(0, memoryMib - allocatedMib);
    }

    public boolean fits(int mib) {
        return clusters < maxClusters && freeMib() >= mib;
    }

    /** The share of its memory handed out, 0..1; the spreading key. */
    public double load() {
        return memoryMib == 0 ? 1 : (double) allocatedMib / memoryMib;
    }

    /** The same host with one more cluster of {@code mib} on it. */
    public HostLoad plus(int mib) {
        return new HostLoad(id, name, memoryMib, maxClusters, allocatedMib + mib, clusters + 1);
    }
}
