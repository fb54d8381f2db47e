package dev.hearth.backend.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operator-set limits and timings of the guided demo ({@code hearth.demo.*}). */
@ConfigMapping(prefix = "hearth.demo")
public interface DemoSettings {

    /** Builds one person may have queued or running at once; more is a 429. */
    @WithDefault("2")
    int maxRunningBuilds();

    /**
     * A build with no final result from its host's agent after this long is FAILED: the agent's own
     * wall-time limit (120 s by default) plus queueing behind the host's other builds.
     */
    @WithDefault("10m")
    Duration buildTimeout();

    /** How often stale builds are failed and expired ones removed (read by BuildTimeouts). */
    @WithDefault("15s")
    String checkEvery();

    /** Timeout of each call to a participant's cluster (apply, read the pod). */
    @WithDefault("10s")
    Duration clusterTimeout();

    /** How long a rerun waits for the previous pod to be gone before applying the new one. */
    @WithDefault("30s")
    Duration podGoneTimeout();
}
