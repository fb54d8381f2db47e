package dev.hearth.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** One entry of {@code GET /api/v1/clusters/{id}/events}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterEvent(long id, Instant at, Phase phase, String step, String message) {
}
