package dev.hearth.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent tests' one wait (the backend's twin is testing.Eventually): polls a condition until it
 * holds, with a timeout and a message saying what for — never a fixed sleep standing in for a signal.
 * Where a test has a signal of its own (RecordingSink, ReceivedChunks: monitors notified on arrival)
 * it waits on that instead.
 */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {
    }

    public static void until(String waitingFor, Duration timeout, BooleanSupplier condition) {
        until(waitingFor, timeout, condition, () -> "");
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}; a timeout's message ends with {@code seen}. */
    public static void until(String waitingFor, Duration timeout, BooleanSupplier condition, Supplier<?> seen) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                String detail = String.valueOf(seen.get());
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + waitingFor
                        + (detail.isEmpty() ? "" : "; seen: " + detail));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + waitingFor, e);
            }
        }
    }
}
