package dev.hearth.agent.tunnel;

/** A tunnel this agent will not open; the message goes back to the backend as the close reason. */
public final class TunnelRefusedException extends RuntimeException {

    public TunnelRefusedException(String message) {
        super(message);
    }
}
