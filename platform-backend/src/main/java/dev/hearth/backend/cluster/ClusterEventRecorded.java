package dev.hearth.backend.cluster;

import java.time.Instant;

/**
 * Fired (as a synchronous CDI event, inside the transaction) for every cluster event written, so
 * what hangs off a cluster — a classroom seat's last activity, its first READY — moves with it in
 * the same commit.
 */
public record ClusterEventRecorded(String clusterId, ClusterPhase phase, Instant at) {
}
