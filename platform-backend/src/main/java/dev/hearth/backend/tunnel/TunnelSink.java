package dev.hearth.backend.tunnel;

/**
 * The backend's end of a tunnel: what a feature (the terminal, the app proxy) does with the target's
 * bytes. Called on the agent connection's thread or the notification listener's, one call at a time
 * per tunnel and in order, so both methods must return at once (hand real work to another thread).
 */
public interface TunnelSink {

    /** The target sent {@code bytes}; they count as consumed (acknowledged to the agent) on return. */
    void data(byte[] bytes);

    /** The tunnel ended: the target closed, the agent refused it, or its host went away. Called once. */
    void closed(String reason);
}
