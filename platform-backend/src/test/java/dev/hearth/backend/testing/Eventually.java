package dev.hearth.backend.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a condition, never a fixed sleep (docs/architecture.md, "Conventions"): with a timeout and a message saying what for. */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(50);

    private Eventually() {
    }

    /** Polls {@code probe} until it returns a non-null value, and returns that value. */
    public static <T> T get(String waitingFor, Duration timeout, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e instanceof RuntimeException re ? re : new RuntimeException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + waitingFor, last);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + waitingFor, e);
            }
        }
    }

    public static void until(String waitingFor, Duration timeout, Supplier<Boolean> condition) {
        get(waitingFor, timeout, condition);
    }
}
