package dev.hearth.protocol;

/**
 * The agent's periodic sign of life; missing ones make the host {@code UNREACHABLE} (docs/agent-channel.md).
 *
 * @param usage the host's current usage
 */
public record Heartbeat(Usage usage) implements AgentMessage {

    public Heartbeat {
        Required.value(usage, "usage");
    }
}
