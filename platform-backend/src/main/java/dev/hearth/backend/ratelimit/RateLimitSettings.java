package dev.hearth.backend.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How many failed guesses a client may make ({@code hearth.rate-limits.*}; docs/security.md). */
@ConfigMapping(prefix = "hearth.rate-limits")
public interface RateLimitSettings {

    /** Unknown, expired or revoked {@code hth_} API tokens per client address. */
    Limit apiTokens();

    /** Refused agent channel upgrades (no or a bad host token) per client address. */
    Limit agentUpgrades();

    /** Join codes that opened no seat, per signed-in person. */
    Limit joinCodes();

    /** Live streams (server-sent events) one person may hold at once; one more is a 429 (StreamCaps). */
    @WithDefault("20")
    int streamsPerPerson();

    /** Clients (addresses or people) tracked per limit; beyond it they share one count. */
    @WithDefault("10000")
    int maxTrackedClients();

    interface Limit {
        /** Failures allowed in one window; the next attempt is a 429 until the window ends. */
        int failures();

        Duration window();
    }
}
