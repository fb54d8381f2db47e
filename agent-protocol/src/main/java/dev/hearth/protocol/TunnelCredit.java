package dev.hearth.protocol;

import java.time.Duration;

/**
 * The sending side of a tunnel's flow control: at most {@code window} bytes sent and not yet
 * acknowledged ({@link TunnelAck}). A sender that may wait (the agent reading a process's output) takes
 * credit with {@link #take}, which blocks — and so stops reading the process, the back-pressure a slow
 * reader needs; a sender that must not (a browser's keystrokes on the backend) uses {@link #tryTake}.
 */
public final class TunnelCredit {

    private final long window;
    private long inFlight;
    private boolean closed;

    public TunnelCredit(long window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.window = window;
    }

    /** Takes {@code bytes} of credit if there is that much now. */
    public synchronized boolean tryTake(int bytes) {
        if (closed || inFlight + bytes > window) {
            return false;
        }
        inFlight += bytes;
        return true;
    }

    /**
     * Waits until {@code bytes} of credit are free, up to {@code timeout}.
     *
     * @return false when the timeout passed or the tunnel closed meanwhile (nothing taken)
     */
    public synchronized boolean take(int bytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed && inFlight + bytes > window) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (closed) {
            return false;
        }
        inFlight += bytes;
        return true;
    }

    /** The receiver consumed {@code bytes}. */
    public synchronized void acked(long bytes) {
        inFlight = Math.max(0, inFlight - bytes);
        notifyAll();
    }

    /** Wakes any waiting sender for good. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized long inFlight() {
        return inFlight;
    }
}
