package dev.hearth.agent.channel;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent channel's settings ({@code hearth.agent.*}, or {@code HEARTH_AGENT_*} in the environment),
 * next to {@link dev.hearth.agent.AgentSettings}, which holds the rest of the agent's.
 */
@ConfigMapping(prefix = "hearth.agent")
public interface ChannelSettings {

    /**
     * The backend's base URL, e.g. {@code http://localhost:8080}; the channel is its
     * {@code /agent/v1/connect}. Without it the agent runs unconnected (tests of other parts do).
     */
    Optional<URI> backendUrl();

    /** The host token from enrolment ({@code hha_…}); required once a backend URL is set. */
    Optional<String> token();

    /** How often a heartbeat is sent; the backend counts a host UNREACHABLE after 20 s without one. */
    @WithDefault("5s")
    @WithConverter(DurationConverter.class)
    Duration heartbeatInterval();

    /**
     * How long to wait for the backend's answer (the desired set) after Hello before giving the
     * connection up and opening a new one.
     */
    @WithDefault("15s")
    @WithConverter(DurationConverter.class)
    Duration answerTimeout();

    /**
     * How many log chunks and build results are kept while the backend is away; past this the oldest
     * are dropped (a followed pod log is asked for again from its last stored line).
     */
    @WithDefault("10000")
    int unsentCapacity();

    Reconnect reconnect();

    /** Back-off between connection attempts: doubling from {@code initial} up to {@code max}, with jitter. */
    interface Reconnect {

        @WithDefault("1s")
        @WithConverter(DurationConverter.class)
        Duration initial();

        @WithDefault("30s")
        @WithConverter(DurationConverter.class)
        Duration max();
    }
}
