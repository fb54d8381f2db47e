package dev.hearth.backend.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How hosts' agents are watched and the local host enrolled ({@code hearth.hosts.*}, docs/agent-channel.md). */
@ConfigMapping(prefix = "hearth.hosts")
public interface HostsSettings {

    /** No heartbeat for this long: the host is UNREACHABLE. */
    @WithDefault("20s")
    Duration heartbeatTimeout();

    /** UNREACHABLE for this much longer: its clusters are LOST. */
    @WithDefault("40s")
    Duration lostGrace();

    /** Whether LOST clusters go back to the queue, to be provisioned afresh on another host. */
    @WithDefault("false")
    boolean reprovisionLost();

    /** How often heartbeats are checked (read by the monitor's @Scheduled). */
    @WithDefault("5s")
    String checkEvery();

    Local local();

    /**
     * The host {@code ./hearth up} runs an agent on, enrolled from configuration so a fresh machine
     * needs no manual step. Nothing is enrolled unless a token or its hash is given.
     */
    interface Local {

        /** The host's name, which its agent sends as {@code hostId}. */
        @WithDefault("local")
        String id();

        /** The agent token itself (kept in ./hearth's state directory). */
        Optional<String> token();

        /** Or only its SHA-256 (hex), for deployments that keep the token elsewhere. */
        Optional<String> tokenHash();
    }
}
