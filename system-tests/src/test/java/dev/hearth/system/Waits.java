package dev.hearth.system;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition, never a fixed sleep (docs/architecture.md, "Conventions"). Every wait has a timeout and says what
 * it waited for and what it saw last, so a failure reads "READY of c-42; last seen PROVISIONING at
 * 'Starting API server'" instead of a bare timeout.
 */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(100);

    private Waits() {
    }

    /** Observes until {@code done} holds for what {@code observe} returns, and returns that observation. */
    public static <T> T until(String what, Duration timeout, Supplier<T> observe, Predicate<? super T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        RuntimeException failure = null;
        while (true) {
            try {
                last = observe.get();
                failure = null;
                if (last != null && done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            if (Instant.now().isAfter(deadline)) {
                String seen = failure != null ? "last attempt failed: " + failure.getMessage() : "last seen: " + last;
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; " + seen,
                        failure);
            }
            pause();
        }
    }

    /** Waits until {@code condition} is true. */
    public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, condition, Boolean::booleanValue);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
