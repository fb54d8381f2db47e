package dev.hearth.protocol;

/**
 * Ends a tunnel, from either side, with a reason a person can read ("the shell exited", "cluster
 * deleted", "refused: …"). From the backend, {@code detach} keeps a named {@link TunnelTarget.Exec}
 * session running on the agent for a later tunnel to resume; otherwise the process is ended too.
 * Closing an unknown tunnel is harmless.
 */
public record TunnelClose(String tunnelId, String reason, boolean detach) implements AgentMessage {

    public TunnelClose {
        Required.text(tunnelId, "tunnelId");
        reason = reason == null || reason.isBlank() ? "closed" : reason;
    }

    public TunnelClose(String tunnelId, String reason) {
        this(tunnelId, reason, false);
    }
}
