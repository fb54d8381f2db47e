package dev.hearth.backend.cluster;

import java.time.Instant;

/** One namespace of a cluster, in {@code kubectl get namespaces} columns. */
public record ClusterNamespace(String name, String status, Instant created) {
}
