package dev.hearth.backend.host;

/** Whether a host's agent is answering (docs/agent-channel.md). */
public enum HostStatus {
    /** Enrolled; its agent has not connected yet. */
    PENDING,
    /** Agent connected and sending heartbeats. */
    ONLINE,
    /** Heartbeats stopped; its clusters become LOST after a grace period. */
    UNREACHABLE
}
