package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A one-container pod as {@code kubectl get pod -o json} shows it: phase, reason and message, its
 * container's current and last state, restarts — and the STATUS column kubectl prints for it.
 */
record PodView(String name, String phase, String reason, String message, int restartCount, ContainerState state,
        ContainerState lastState, String statusColumn) {

    /** One of the container's states: {@code waiting}, {@code running}, {@code terminated}, or {@code none}. */
    record ContainerState(String kind, String reason, String message, Integer exitCode, Instant startedAt,
            Instant finishedAt) {

        static ContainerState of(JsonNode state) {
            for (String kind : new String[] {"waiting", "running", "terminated"}) {
                JsonNode node = state.path(kind);
                if (node.isObject()) {
                    return new ContainerState(kind, text(node, "reason"), text(node, "message"),
                            node.has("exitCode") ? node.get("exitCode").asInt() : null, time(node, "startedAt"),
                            time(node, "finishedAt"));
                }
            }
            return new ContainerState("none", null, null, null, null, null);
        }

        boolean terminated() {
            return kind.equals("terminated");
        }

        @Override
        public String toString() {
            return kind + (reason == null ? "" : " " + reason) + (exitCode == null ? "" : " exit " + exitCode)
                    + (message == null ? "" : ": " + message);
        }
    }

    static PodView of(JsonNode pod, String statusColumn) {
        JsonNode status = pod.path("status");
        JsonNode container = status.path("containerStatuses").path(0);
        return new PodView(pod.path("metadata").path("name").asText(), text(status, "phase"), text(status, "reason"),
                text(status, "message"), container.path("restartCount").asInt(0),
                ContainerState.of(container.path("state")), ContainerState.of(container.path("lastState")), statusColumn);
    }

    @Override
    public String toString() {
        return name + " " + phase + " [" + statusColumn + "]" + (reason == null ? "" : " reason " + reason)
                + (message == null ? "" : " message '" + message + "'") + ", container " + state + ", last " + lastState
                + ", restarts " + restartCount;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Instant time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
