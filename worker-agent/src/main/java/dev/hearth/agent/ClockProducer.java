package dev.hearth.agent;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The agent's one clock, injected like the backend's (support.ClockProducer there): certificate
 * validity, reconcile back-off and the build cache's recency read it, never the system clock directly,
 * so a test can hand them a fixed one.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
