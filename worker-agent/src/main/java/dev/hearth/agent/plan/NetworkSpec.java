package dev.hearth.agent.plan;

import java.util.Map;

/**
 * A cluster's own bridge network: its containers (and the host's registry) reach each other by name
 * on it, and nothing of another cluster does.
 *
 * @param name {@code hearth-<c>}
 * @param labels cluster and host labels
 */
public record NetworkSpec(String name, Map<String, String> labels) {

    public NetworkSpec {
        labels = Map.copyOf(labels);
    }
}
