package dev.hearth.protocol;

/**
 * What a host's clusters use right now, sent with every heartbeat.
 *
 * @param clusters clusters the agent currently holds (any phase)
 * @param memoryUsedBytes memory used by all Hearth containers on the host
 * @param cpuUsedCores CPU used by all Hearth containers, in cores (1.5 = one and a half cores busy)
 */
public record Usage(int clusters, long memoryUsedBytes, double cpuUsedCores) {}
