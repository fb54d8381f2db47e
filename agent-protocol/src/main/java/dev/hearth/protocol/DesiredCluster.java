package dev.hearth.protocol;

/**
 * One cluster the backend wants on a host.
 *
 * @param id the cluster's short unique id, {@code <c>} in every Docker name (docs/architecture.md, "Names and labels")
 * @param name its display name, which names the WASI node ({@code <name>-wasi})
 * @param config what to build
 * @param generation bumped by the backend on every change of the desired state; the agent echoes the
 *     generation it acted on in {@link ClusterObserved}, so stale reports are recognisable
 */
public record DesiredCluster(String id, String name, ClusterConfig config, long generation) {

    public DesiredCluster {
        Required.text(id, "id");
        name = name == null || name.isBlank() ? id : name;
        config = config == null ? ClusterConfig.DEFAULTS : config;
    }
}
