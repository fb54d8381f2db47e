package dev.hearth.protocol;

/**
 * The backend asks the agent of a cluster's host to open a byte stream to {@code target}
 * (docs/agent-channel.md, "Tunnels"). The agent answers with {@link TunnelData} frames, or with a
 * {@link TunnelClose} naming why it refused or why the stream ended.
 *
 * @param tunnelId unique, chosen by the backend replica that owns the tunnel's far end
 * @param clusterId the cluster whose container or network the target is in; the agent refuses a
 *        cluster it does not hold
 * @param target what to open
 * @param window bytes either side may send before the other acknowledges them ({@link TunnelAck})
 */
public record TunnelOpen(String tunnelId, String clusterId, TunnelTarget target, int window) implements AgentMessage {

    /** The window when none is given: 64 KiB, a few screens of output in flight per terminal. */
    public static final int DEFAULT_WINDOW = 64 * 1024;

    public TunnelOpen {
        Required.text(tunnelId, "tunnelId");
        Required.text(clusterId, "clusterId");
        Required.value(target, "target");
        if (window <= 0) {
            window = DEFAULT_WINDOW;
        }
    }
}
