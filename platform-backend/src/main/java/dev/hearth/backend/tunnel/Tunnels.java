package dev.hearth.backend.tunnel;

import dev.hearth.backend.agent.AgentConnections;
import dev.hearth.backend.agent.AgentDisconnected;
import dev.hearth.backend.notify.NotificationHandler;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.AgentProtocolException;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Byte-stream tunnels from this backend replica, over a host's agent channel, to something of a
 * cluster on that host (docs/agent-channel.md, "Tunnels"). A tunnel's far end is owned by the replica
 * that opened it; the host's agent may be connected to another one. Frames are ephemeral, so they are
 * never stored: when one replica holds both ends they go straight through, otherwise through
 * {@code NOTIFY} on {@value #CHANNEL} (a frame fits one payload, {@link TunnelData#MAX_BYTES}), with
 * the payload {@code a|<host>|<message>} for the replica holding the host's agent, and
 * {@code t|<host>|<message>} for the replica owning the tunnel — the host being the one whose
 * authenticated connection the frame came in on, so no agent can write into another host's tunnel.
 */
@ApplicationScoped
public class Tunnels implements NotificationHandler {

    public static final String CHANNEL = "hearth_tunnel";
    private static final Logger LOG = Logger.getLogger(Tunnels.class);

    private final AgentConnections connections;
    private final AgentMessageCodec codec;
    private final DataSource database;
    private final TunnelSettings settings;
    private final Executor workers;
    /** Tunnels opened here (their far end, the sink, lives here). */
    private final Map<String, Tunnel> owned = new ConcurrentHashMap<>();
    /** Tunnels whose host's agent is connected here, by tunnel id: ended when that connection drops. */
    private final Map<String, UUID> routed = new ConcurrentHashMap<>();
    private final Map<UUID, SerialSends> sends = new ConcurrentHashMap<>();
    /** NOTIFYs per host in order: a pooled connection each, so two in flight at once could swap. */
    private final Map<UUID, SerialSends> notifies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hearth-tunnel-timer").daemon().factory());

    @Inject
    public Tunnels(AgentConnections connections, AgentMessageCodec codec, DataSource database, TunnelSettings settings) {
        this(connections, codec, database, settings, Infrastructure.getDefaultWorkerPool());
    }

    /** For a second "replica" in tests: its own connections and listener, the same database. */
    public Tunnels(AgentConnections connections, AgentMessageCodec codec, DataSource database, TunnelSettings settings,
            Executor workers) {
        this.connections = connections;
        this.codec = codec;
        this.database = database;
        this.settings = settings;
        this.workers = workers;
    }

    /**
     * Opens a tunnel to {@code target} of {@code clusterId} on {@code hostId}. The caller has checked
     * that the person may reach that cluster; the agent checks the host holds it and the target is its.
     * The sink hears {@link TunnelSink#closed} if the agent refuses, or does not answer within
     * {@code hearth.tunnels.open-timeout}.
     */
    public Tunnel open(UUID hostId, String clusterId, TunnelTarget target, TunnelSink sink) {
        String id = "t-" + UUID.randomUUID();
        Tunnel tunnel = new Tunnel(id, hostId, clusterId, TunnelOpen.DEFAULT_WINDOW, sink, this);
        owned.put(id, tunnel);
        toAgent(hostId, new TunnelOpen(id, clusterId, target, TunnelOpen.DEFAULT_WINDOW));
        timer.schedule(() -> {
            if (tunnel.isOpen() && !tunnel.answered()) {
                tunnel.close("the cluster's host did not answer; it may be offline");
            }
        }, settings.openTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return tunnel;
    }

    /** How many tunnels this replica owns (metrics, tests). */
    public int ownedCount() {
        return owned.size();
    }

    void forget(Tunnel tunnel) {
        owned.remove(tunnel.id());
    }

    void log(Tunnel tunnel, String what) {
        LOG.infof("tunnel %s to cluster %s: %s", tunnel.id(), tunnel.clusterId(), what);
    }

    /** A frame for the host's agent, wherever it is connected. */
    void toAgent(UUID hostId, AgentMessage message) {
        if (connections.holds(hostId)) {
            sendHere(hostId, message);
        } else {
            notifyReplicas('a', hostId, message);
        }
    }

    /** A frame the agent of {@code hostId} sent (authenticated), for the tunnel's owner wherever it is. */
    public void fromAgent(UUID hostId, AgentMessage message) {
        if (message instanceof TunnelClose) {
            // Only the tunnel's own host ends its routing: a close naming another host's tunnel is dropped below.
            routed.remove(tunnelId(message), hostId);
        }
        if (!deliverHere(hostId, message)) {
            notifyReplicas('t', hostId, message);
        }
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void notified(String payload) {
        int first = payload.indexOf('|');
        int second = payload.indexOf('|', first + 1);
        if (first != 1 || second < 0) {
            LOG.warnf("ignoring a malformed %s notification", CHANNEL);
            return;
        }
        UUID hostId;
        AgentMessage message;
        try {
            hostId = UUID.fromString(payload.substring(2, second));
            message = codec.decode(payload.substring(second + 1));
        } catch (IllegalArgumentException | AgentProtocolException e) {
            LOG.warnf("ignoring a %s notification that cannot be read: %s", CHANNEL, e.getMessage());
            return;
        }
        switch (payload.charAt(0)) {
            case 'a' -> {
                if (connections.holds(hostId)) {
                    sendHere(hostId, message);
                }
            }
            case 't' -> deliverHere(hostId, message);
            default -> LOG.warnf("ignoring a %s notification of kind %s", CHANNEL, payload.charAt(0));
        }
    }

    /** The agent's connection here closed: the agent ended its tunnels, so their owners are told why. */
    void agentGone(@Observes AgentDisconnected event) {
        routed.forEach((id, hostId) -> {
            if (hostId.equals(event.hostId()) && routed.remove(id, hostId)) {
                fromAgent(hostId, new TunnelClose(id, "the cluster's host disconnected"));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        owned.values().forEach(t -> t.close("the backend is restarting; open it again"));
        timer.shutdownNow();
    }

    private boolean deliverHere(UUID hostId, AgentMessage message) {
        Tunnel tunnel = owned.get(tunnelId(message));
        if (tunnel == null) {
            return false;
        }
        if (!tunnel.hostId().equals(hostId)) {
            // Another host's agent naming this tunnel: not its to write into.
            LOG.warnf("host %s sent a frame for tunnel %s of another host; dropped", hostId, tunnel.id());
            return true;
        }
        switch (message) {
            case TunnelData data -> tunnel.received(data);
            case TunnelAck ack -> tunnel.acked(ack);
            case TunnelClose close -> tunnel.ended(close.reason());
            default -> LOG.debugf("ignoring %s from host %s", message.getClass().getSimpleName(), hostId);
        }
        return true;
    }

    private void sendHere(UUID hostId, AgentMessage message) {
        String id = tunnelId(message);
        if (message instanceof TunnelOpen) {
            routed.put(id, hostId);
        } else if (message instanceof TunnelClose) {
            routed.remove(id);
        }
        String encoded = codec.encode(message);
        sends.computeIfAbsent(hostId, h -> new SerialSends(workers)).execute(() -> {
            if (!connections.sendEncoded(hostId, encoded) && message instanceof TunnelOpen) {
                routed.remove(id);
                fromAgent(hostId, new TunnelClose(id, "the cluster's host is not connected"));
            }
        });
    }

    private void notifyReplicas(char kind, UUID hostId, AgentMessage message) {
        String payload = kind + "|" + hostId + "|" + codec.encode(message);
        notifies.computeIfAbsent(hostId, h -> new SerialSends(workers)).execute(() -> {
            try (Connection c = database.getConnection(); PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, payload);
                notify.execute();
            } catch (SQLException e) {
                LOG.infof("a tunnel frame could not be relayed to another replica: %s", e.getMessage());
            }
        });
    }

    private static String tunnelId(AgentMessage message) {
        return switch (message) {
            case TunnelOpen m -> m.tunnelId();
            case TunnelData m -> m.tunnelId();
            case TunnelAck m -> m.tunnelId();
            case TunnelResize m -> m.tunnelId();
            case TunnelClose m -> m.tunnelId();
            default -> throw new IllegalArgumentException("not a tunnel frame: " + message.getClass().getSimpleName());
        };
    }
}
