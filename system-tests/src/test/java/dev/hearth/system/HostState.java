package dev.hearth.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** A host as {@code GET /api/v1/hosts} shows it to an admin; {@code agentToken} only right after enrolment. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostState(String id, String name, String status, Instant lastHeartbeatAt, String agentToken) {
}
