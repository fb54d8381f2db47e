package dev.hearth.agent.plan;

import java.util.Map;

/**
 * The labels on everything Hearth creates (docs/architecture.md, "Names and labels"). The agent finds, deletes and garbage-collects
 * Docker objects by these, never by name patterns (docs/architecture.md, "Conventions").
 */
public final class HearthLabels {

    public static final String CLUSTER = "dev.hearth.cluster";
    public static final String ROLE = "dev.hearth.role";
    public static final String HOST = "dev.hearth.host";

    private HearthLabels() {}

    /** Labels of a cluster's shared object (its network). */
    public static Map<String, String> of(String clusterId, String hostId) {
        return Map.of(CLUSTER, clusterId, HOST, hostId);
    }

    /** Labels of a cluster's object that belongs to one role (a container, its volume). */
    public static Map<String, String> of(String clusterId, String hostId, Role role) {
        return Map.of(CLUSTER, clusterId, HOST, hostId, ROLE, role.label());
    }
}
