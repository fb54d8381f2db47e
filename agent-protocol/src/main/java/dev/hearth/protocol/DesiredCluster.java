package dev.hearth.protocol;

/**
 * One cluster the backend wants on a host.
 *
 * @param id the cluster's short unique id, {@code <c>} in every Docker name (docs/architecture.md, "Names and labels")
 * @param name its display name, which names the WASI node ({@code <name>-wasi})
 * @param config what to build
 * @param generation bumped by the backend on every change of the desired state; the agent echoes the
 *     generation it acted on in {@link ClusterObserved}, so stale reports are recognisable
 * @param registryNamespace the owner's namespace in the host registry ({@code hearth-registry:5000/<ns>/…}),
 *     the only participant's repositories the cluster may list and pull (docs/security.md, "Participant's
 *     cluster and the host's network"); absent from an older backend, and then the cluster sees the shared
 *     repositories only
 */
public record DesiredCluster(String id, String name, ClusterConfig config, long generation, String registryNamespace) {

    public DesiredCluster {
        Required.text(id, "id");
        name = name == null || name.isBlank() ? id : name;
        config = config == null ? ClusterConfig.DEFAULTS : config;
        registryNamespace = registryNamespace == null || registryNamespace.isBlank() ? null : registryNamespace;
    }

    /** A cluster whose owner has no namespace known: it sees the shared repositories only. */
    public DesiredCluster(String id, String name, ClusterConfig config, long generation) {
        this(id, name, config, generation, null);
    }
}
