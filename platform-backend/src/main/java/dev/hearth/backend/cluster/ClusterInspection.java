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
public record ClusterInspection(List<Node> nodes, List<Namespace> namespaces, String problem, Instant at) {

    public ClusterInspection {
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
    }

    static ClusterInspection answered(List<Node> nodes, List<Namespace> namespaces, Instant at) {
        return new ClusterInspection(nodes, namespaces, null, at);
    }

    static ClusterInspection notAnswering(String problem, Instant at) {
        return new ClusterInspection(List.of(), List.of(), problem, at);
    }

    public boolean answered() {
        return problem == null;
    }

    /**
     * One node, in {@code kubectl get nodes} columns.
     *
     * @param status {@code Ready} or {@code NotReady} ({@code Unknown} with no Ready condition), with {@code ,SchedulingDisabled} when cordoned
     * @param roles  from the {@code node-role.kubernetes.io/<role>} labels, or {@code <none>}
     * @param arch   the {@code kubernetes.io/arch} label (e.g. {@code wasm32-wasi} on the WASI node), or null
     */
    public record Node(String name, String status, String roles, String version, Instant created, String arch) {
    }

    public record Namespace(String name, String status, Instant created) {
    }
}
