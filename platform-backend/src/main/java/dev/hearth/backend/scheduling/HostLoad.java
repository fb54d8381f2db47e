package dev.hearth.backend.scheduling;

import java.util.UUID;

/**
 * A host as the scheduler sees it during one pass: what it offers and what is already handed out.
 * CPU counts as well as memory: on a small host idle control planes use up the cores long before
 * the memory (docs/BENCHMARKS.md, "Density"), and a host whose cores are all spoken for thrashes.
 *
 * @param memoryMib       memory the host offers to clusters
 * @param maxClusters     the most clusters it may hold
 * @param allocatedMib    memory set aside for the clusters it holds
 * @param clusters        how many clusters it holds
 * @param cpuMillis       CPU the host offers to clusters, in millicores (its cores' share left for clusters)
 * @param allocatedMillis CPU set aside for the clusters it holds, in millicores
 */
public record HostLoad(UUID id, String name, int memoryMib, int maxClusters, int allocatedMib, int clusters,
        int cpuMillis, int allocatedMillis) {

    /** A host whose CPU is not counted (only its memory and cluster limit are), as before CPU was. */
    public HostLoad(UUID id, String name, int memoryMib, int maxClusters, int allocatedMib, int clusters) {
        this(id, name, memoryMib, maxClusters, allocatedMib, clusters, Integer.MAX_VALUE, 0);
    }

    public int freeMib() {
        return Math.max(0, memoryMib - allocatedMib);
    }

    public int freeMillis() {
        return Math.max(0, cpuMillis - allocatedMillis);
    }

    public boolean fits(int mib, int millis) {
        return clusters < maxClusters && freeMib() >= mib && freeMillis() >= millis;
    }

    /** The larger of the shares of its memory and of its CPU handed out, 0..1; the spreading key. */
    public double load() {
        double memory = memoryMib == 0 ? 1 : (double) allocatedMib / memoryMib;
        double cpu = cpuMillis == 0 ? 1 : (double) allocatedMillis / cpuMillis;
        return Math.max(memory, cpu);
    }

    /** The same host with one more cluster of {@code mib} and {@code millis} on it. */
    public HostLoad plus(int mib, int millis) {
        return new HostLoad(id, name, memoryMib, maxClusters, allocatedMib + mib, clusters + 1, cpuMillis,
                allocatedMillis + millis);
    }
}
