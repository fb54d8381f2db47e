package dev.hearth.backend.cluster;

import java.time.Instant;

/**
 * One node of a cluster, in {@code kubectl get nodes} columns.
 *
 * @param status {@code Ready} or {@code NotReady} ({@code Unknown} without a Ready condition), with
 *               {@code ,SchedulingDisabled} when cordoned
 * @param roles  from the {@code node-role.kubernetes.io/<role>} labels, or {@code <none>}
 * @param arch   the {@code kubernetes.io/arch} label ({@code wasm32-wasi} on the WASI node), or null
 */
public record ClusterNode(String name, String status, String roles, String version, Instant created, String arch) {
}
