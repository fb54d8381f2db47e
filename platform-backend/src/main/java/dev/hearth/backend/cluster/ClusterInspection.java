package dev.hearth.backend.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What a READY cluster's API server said about itself when asked — its nodes and namespaces, as
 * {@code kubectl get nodes} and {@code kubectl get namespaces} would list them — or, when it did not
 * answer, a sentence saying why (never an exception's name).
 *
 * @param problem null when the API server answered
 * @param at      when it was asked
 */
public record ClusterInspection(List<ClusterNode> nodes, List<ClusterNamespace> namespaces, String problem, Instant at) {

    public ClusterInspection {
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
    }

    static ClusterInspection answered(List<ClusterNode> nodes, List<ClusterNamespace> namespaces, Instant at) {
        return new ClusterInspection(nodes, namespaces, null, at);
    }

    static ClusterInspection notAnswering(String problem, Instant at) {
        return new ClusterInspection(List.of(), List.of(), problem, at);
    }

    public boolean answered() {
        return problem == null;
    }
}
