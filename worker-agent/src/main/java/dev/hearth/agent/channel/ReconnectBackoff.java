package dev.hearth.agent.channel;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts: {@code initial}, doubling up to {@code max}, each drawn at
 * random from its upper half, so a backend restart is not met by every agent at the same instant.
 * Not thread-safe; the channel uses it from its own thread.
 */
final class ReconnectBackoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    /** @param random values in [0, 1) */
    ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("reconnect back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        long ceiling = initial.toMillis();
        for (int i = 0; i < failures && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        failures++;
        return Duration.ofMillis(ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2)));
    }

    /** After a connection the backend accepted: the next failure starts from {@code initial} again. */
    void reset() {
        failures = 0;
    }
}
