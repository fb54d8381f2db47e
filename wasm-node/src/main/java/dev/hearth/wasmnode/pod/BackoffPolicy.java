package dev.hearth.wasmnode.pod;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a pod waits before its next try: {@code initial}, doubling with each failure, never more
 * than {@code max} — the kubelet's crash-loop and image-pull back-off (10 s doubling to 300 s by
 * default, docs/wasm-node.md). Configuration, not a literal in a state (docs/architecture.md, "Conventions").
 *
 * @param initial the wait after the first failure
 * @param max the longest wait
 */
public record BackoffPolicy(Duration initial, Duration max) {

    public static final BackoffPolicy KUBELET_DEFAULT = new BackoffPolicy(Duration.ofSeconds(10), Duration.ofSeconds(300));

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off must start above zero and not exceed its cap, got "
                    + initial + " to " + max);
        }
    }

    /**
     * The wait before try {@code failures + 1}.
     *
     * @param failures how many tries failed in a row, at least 1
     */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        Duration delay = initial;
        // Doubling stops at the cap, so a pod failing for days never overflows.
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
