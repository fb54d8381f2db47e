package dev.hearth.backend.terminal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Browser terminals ({@code hearth.terminal.*}; docs/portal.md, "Terminal"). */
@ConfigMapping(prefix = "hearth.terminal")
public interface TerminalSettings {

    /** A terminal nobody typed into for this long is closed (its shell ended); one click opens a new one. */
    @WithDefault("15m")
    Duration idleTimeout();

    /** Terminals (own and watched) one person may have open at once, on every replica together. */
    @WithDefault("4")
    int maxPerUser();

    /** Terminals open at once on one host's clusters; the agent has its own limit too. */
    @WithDefault("100")
    int maxPerHost();

    /** How often idle terminals are looked for (read by TerminalRelay's @Scheduled). */
    @WithDefault("30s")
    String idleCheckEvery();

    /**
     * An open session row its replica has not renewed for this long (the replica died) no longer counts
     * toward the limits or as a watcher. Replicas renew their rows at every idle check.
     */
    @WithDefault("2m")
    Duration staleAfter();
}
