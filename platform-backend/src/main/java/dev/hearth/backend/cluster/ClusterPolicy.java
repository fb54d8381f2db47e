package dev.hearth.backend.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Operator-set limits on clusters (application.properties, {@code hearth.*}). */
@ConfigMapping(prefix = "hearth")
public interface ClusterPolicy {

    Quota quota();

    Ttl ttl();

    Reaper reaper();

    interface Quota {
        /** Clusters one person may hold at once (any phase but DELETED). */
        @WithDefault("3")
        int maxClustersPerUser();
    }

    interface Ttl {
        /** Lifetime of a cluster whose request names none. */
        @WithName("default")
        @WithDefault("4h")
        Duration defaultTtl();

        /** Longest a cluster may live from now, on request and on every extension. */
        @WithDefault("8h")
        Duration max();
    }

    interface Reaper {
        /** How often expired clusters are looked for (read by ClusterReaper's @Scheduled). */
        @WithDefault("30s")
        String every();

        /** Pause after start-up before the first round. */
        @WithDefault("10s")
        String delay();
    }
}
