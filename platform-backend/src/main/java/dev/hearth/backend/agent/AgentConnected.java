package dev.hearth.backend.agent;

import java.util.UUID;

/**
 * A host's agent said Hello on this replica: a synchronous CDI event, fired before the host's mailbox
 * is delivered, so what an observer sends (e.g. logs.PodLogs asking for its open streams again) goes
 * out with it. Observers are features; the hub does not know them.
 */
public record AgentConnected(UUID hostId) {
}
