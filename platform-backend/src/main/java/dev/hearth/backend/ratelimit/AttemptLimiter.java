package dev.hearth.backend.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed attempts per key (a client address, a user) in fixed windows and says when a key
 * has had its fill. Memory is bounded: at most {@code maxKeys} keys are tracked; when that many are
 * live, further keys share one overflow key, so a flood from many addresses is throttled as one
 * rather than growing the map (docs/security.md, "Browser and API tokens").
 */
public final class AttemptLimiter {

    static final String OVERFLOW = "(overflow)";

    private record Window(Instant start, int failures) {
    }

    private final int maxFailures;
    private final Duration window;
    private final int maxKeys;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public AttemptLimiter(int maxFailures, Duration window, int maxKeys) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("a limit needs at least one failure, a positive window and one key");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /** How long {@code key} must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String key, Instant now) {
        Window current = windows.get(tracked(key, now));
        if (current == null || current.failures() < maxFailures) {
            return Optional.empty();
        }
        Instant opens = current.start().plus(window);
        return now.isBefore(opens) ? Optional.of(Duration.between(now, opens)) : Optional.empty();
    }

    /** Records one failed attempt of {@code key}. */
    public void failed(String key, Instant now) {
        windows.compute(tracked(key, now), (k, current) -> current == null || !now.isBefore(current.start().plus(window))
                ? new Window(now, 1)
                : new Window(current.start(), current.failures() + 1));
    }

    /** Keys tracked now, for tests of the bound. */
    int size() {
        return windows.size();
    }

    private String tracked(String key, Instant now) {
        if (windows.containsKey(key) || windows.size() < maxKeys) {
            return key;
        }
        windows.entrySet().removeIf(e -> !now.isBefore(e.getValue().start().plus(window)));
        return windows.size() < maxKeys ? key : OVERFLOW;
    }
}
