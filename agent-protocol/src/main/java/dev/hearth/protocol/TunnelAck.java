package dev.hearth.protocol;

/**
 * The receiver of a tunnel's bytes has consumed {@code bytes} more of them: the sender may send that
 * many more (credit-based flow control, so neither side buffers without bound).
 */
public record TunnelAck(String tunnelId, long bytes) implements AgentMessage {

    public TunnelAck {
        Required.text(tunnelId, "tunnelId");
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        }
    }
}
