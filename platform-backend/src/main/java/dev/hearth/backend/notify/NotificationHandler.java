package dev.hearth.backend.notify;

/**
 * One PostgreSQL {@code NOTIFY} channel's consumer on this replica. The replica's single listening
 * connection ({@link Notifications}) calls it on its own thread, so both methods must return at once
 * and hand any real work (database reads, WebSocket sends) to another thread.
 */
public interface NotificationHandler {

    /** The channel this handler consumes; one handler per channel. */
    String channel();

    /** A notification on {@link #channel()} arrived with {@code payload}. */
    void notified(String payload);

    /**
     * The listening connection is (again) up. Notifications sent while it was down are lost, so a
     * handler catches up here from the tables the notifications point at.
     */
    default void listening() {
    }
}
