package dev.hearth.agent.plan;

import java.util.Map;

/**
 * A named volume a cluster owns; deleting the cluster deletes it (found by its labels).
 *
 * @param name {@code hearth-<c>-<purpose>}
 * @param labels cluster, host and the role of the container using it
 */
public record VolumeSpec(String name, Map<String, String> labels) {

    public VolumeSpec {
        labels = Map.copyOf(labels);
    }
}
