package dev.hearth.agent.provision;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Polls a condition until it holds, with a timeout and a sentence saying what it waited for (docs/architecture.md, "Conventions"). */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(100);

    /** A condition that may also decide that waiting is pointless (by throwing). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws InterruptedException;
    }

    private Waits() {
    }

    static void until(String what, Duration timeout, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what,
                        new TimeoutException(what));
            }
            Thread.sleep(POLL);
        }
    }
}
