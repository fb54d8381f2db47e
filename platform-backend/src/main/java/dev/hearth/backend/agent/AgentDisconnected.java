package dev.hearth.backend.agent;

import java.util.UUID;

/**
 * A host's agent connection on this replica closed: a synchronous CDI event, so features that route
 * something live through that connection (tunnels) end it with a reason instead of leaving it hanging.
 */
public record AgentDisconnected(UUID hostId) {
}
