package dev.hearth.agent.reconcile;

import java.time.Duration;

/** Exponential back-off: {@code first}, doubled per failure in a row, capped at {@code max}. */
record Backoff(Duration first, Duration max) {

    Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
