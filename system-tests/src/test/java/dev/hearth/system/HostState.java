package dev.hearth.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A host as {@code GET /api/v1/hosts} shows it to an admin; {@code agentToken} and {@code joinCommand}
 * only right after enrolment; {@code scheduling} ACCEPTING, DRAINED or RETIRED.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostState(String id, String name, String status, String scheduling, Instant lastHeartbeatAt,
        String agentToken, String joinCommand) {
}
