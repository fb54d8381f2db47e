package dev.hearth.agent.tunnel;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The tunnels this agent serves ({@code hearth.agent.tunnels.*}; docs/agent-channel.md, "Tunnels"). */
@ConfigMapping(prefix = "hearth.agent.tunnels")
public interface TunnelSettings {

    /** Tunnels open at once on this host (terminals and watchers together); more are refused. */
    @WithDefault("200")
    int maxPerHost();

    /** Shells running at once on this host, attached or detached; more are refused. */
    @WithDefault("150")
    int maxShells();

    /** A named shell nobody is attached to is ended after this long. */
    @WithDefault("10m")
    @WithConverter(DurationConverter.class)
    Duration detachedFor();

    /** Output a named shell keeps to replay to the next tunnel attaching to it (bytes). */
    @WithDefault("50000")
    int replayBytes();

    /**
     * A tunnel whose reader acknowledged nothing for this long while its window was full is closed:
     * its backend end is gone (a replica died) and nobody will ever read it.
     */
    @WithDefault("2m")
    @WithConverter(DurationConverter.class)
    Duration stallTimeout();
}
