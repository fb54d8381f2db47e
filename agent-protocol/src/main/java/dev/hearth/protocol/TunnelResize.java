package dev.hearth.protocol;

/** The terminal at the far end of an {@link TunnelTarget.Exec} tunnel has a new size. */
public record TunnelResize(String tunnelId, int cols, int rows) implements AgentMessage {

    public TunnelResize {
        Required.text(tunnelId, "tunnelId");
        if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
            throw new IllegalArgumentException("cols and rows must be 1..1000, got " + cols + "x" + rows);
        }
    }
}
