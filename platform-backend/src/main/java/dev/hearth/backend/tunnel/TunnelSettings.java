package dev.hearth.backend.tunnel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Tunnels through the agent channel ({@code hearth.tunnels.*}; docs/agent-channel.md, "Tunnels"). */
@ConfigMapping(prefix = "hearth.tunnels")
public interface TunnelSettings {

    /**
     * A tunnel whose agent has not answered (its first frame) within this long is closed: the host is
     * away or its agent is older than tunnels. Covers starting the terminal's toolbox on first use.
     */
    @WithDefault("20s")
    Duration openTimeout();
}
