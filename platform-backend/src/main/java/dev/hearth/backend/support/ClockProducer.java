package dev.hearth.backend.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** One injectable clock, so time-dependent logic (expiry, reaping) never calls Instant.now() directly. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        // PostgreSQL keeps microseconds: ticking in microseconds makes a value read back equal the one written.
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }
}
