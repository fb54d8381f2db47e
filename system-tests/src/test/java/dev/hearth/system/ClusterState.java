package dev.hearth.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** {@code GET /api/v1/clusters/{id}} as a user reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterState(String id, String name, Phase phase, String step, String message, String host,
        String apiEndpoint, Instant createdAt) {

    @Override
    public String toString() {
        return id + " " + phase + (step == null ? "" : " at '" + step + "'") + (host == null ? "" : " on " + host)
                + (message == null ? "" : ": " + message);
    }
}
