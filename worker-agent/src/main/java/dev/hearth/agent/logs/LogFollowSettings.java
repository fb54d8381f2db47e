package dev.hearth.agent.logs;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Limits and timings of pod-log following ({@code hearth.agent.logs.*}, or {@code HEARTH_AGENT_LOGS_*}).
 * Converters are named on each method so the mapping also loads outside Quarkus, as the tests do.
 */
@ConfigMapping(prefix = "hearth.agent.logs")
public interface LogFollowSettings {

    /** The most pod logs this host follows at once; a LogFollow beyond it is refused (logged). */
    @WithDefault("200")
    int maxFollowers();

    /** The most lines one stream sends; it ends there, so a flooding pod cannot fill the backend's table. */
    @WithDefault("100000")
    long maxLinesPerStream();

    /** The most lines in one LogChunk. */
    @WithDefault("200")
    int maxChunkLines();

    /**
     * How long a line may wait to be batched with the next: a line after a quiet spell goes at once,
     * lines of a burst go together at most this often.
     */
    @WithDefault("20ms")
    @WithConverter(DurationConverter.class)
    Duration linger();

    /** How long a pod may stay Pending (pulling, creating) before its stream is given up and ended. */
    @WithDefault("3m")
    @WithConverter(DurationConverter.class)
    Duration startTimeout();

    /** How long a log that closed normally may wait for its container's exit to show in the pod status. */
    @WithDefault("5s")
    @WithConverter(DurationConverter.class)
    Duration exitGrace();

    /**
     * A LogFollow for a followed stream asking for a line sent longer ago than this restarts the stream
     * from that line: it was lost on the way (the backend asks for the first line it lacks, also after
     * the agent reconnects). Lines sent more recently may still be in flight, so such a request is ignored.
     */
    @WithDefault("5s")
    @WithConverter(DurationConverter.class)
    Duration resendAfter();

    /** Reconnects after a log connection dropped while the container ran, before the stream is ended. */
    @WithDefault("5")
    int maxReconnects();

    /** The first reconnect's delay; each further one doubles it. */
    @WithDefault("250ms")
    @WithConverter(DurationConverter.class)
    Duration reconnectBackoff();
}
