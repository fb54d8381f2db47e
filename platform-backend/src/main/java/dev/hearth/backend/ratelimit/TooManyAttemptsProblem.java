package dev.hearth.backend.ratelimit;

import dev.hearth.backend.problem.ProblemException;
import java.time.Duration;
import java.util.OptionalLong;

/** 429: too many failed attempts from one client or person; {@code Retry-After} says when to try again. */
public class TooManyAttemptsProblem extends ProblemException {

    private final long retryAfterSeconds;

    public TooManyAttemptsProblem(String what, Duration retryAfter) {
        super(429, "too-many-attempts", "Too many attempts", "too many failed " + what + "; try again in "
                + seconds(retryAfter) + " s");
        this.retryAfterSeconds = seconds(retryAfter);
    }

    @Override
    public OptionalLong retryAfterSeconds() {
        return OptionalLong.of(retryAfterSeconds);
    }

    /** Whole seconds, rounded up: a client that waits exactly this long is let in. */
    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
