package dev.hearth.agent.provision;

import java.util.Map;

/**
 * Checks that an object found under an expected name carries the labels of the cluster and host it
 * was looked up for, so the agent never adopts — or later deletes — what another host or a person made.
 */
final class Ownership {

    private Ownership() {
    }

    static void require(String kind, String name, Map<String, String> actual, Map<String, String> expected) {
        Map<String, String> labels = actual == null ? Map.of() : actual;
        boolean owned = expected.entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        if (!owned) {
            throw new IllegalStateException(kind + " " + name + " exists but is not this cluster's: its labels are "
                    + labels + ", expected " + expected);
        }
    }
}
