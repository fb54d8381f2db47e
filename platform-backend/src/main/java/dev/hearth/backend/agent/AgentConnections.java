package dev.hearth.backend.agent;

import dev.hearth.protocol.AgentMessageCodec;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The agents connected to this backend replica, one connection per host, and the one way the hub
 * sends them their desired set: built from the database at the moment of sending, one send at a
 * time per host, so a slower, older set can never overtake a newer one.
 */
@ApplicationScoped
public class AgentConnections {

    private static final Logger LOG = Logger.getLogger(AgentConnections.class);
    /** Application-defined close code (RFC 6455 §7.4.2): a newer connection of the same host took over. */
    static final int REPLACED = 4001;

    private final Map<UUID, WebSocketConnection> held = new ConcurrentHashMap<>();
    private final Map<UUID, Object> sendLocks = new ConcurrentHashMap<>();
    private final DesiredSets desiredSets;
    private final AgentMessageCodec codec;

    public AgentConnections(DesiredSets desiredSets, AgentMessageCodec codec) {
        this.desiredSets = desiredSets;
        this.codec = codec;
    }

    /** Holds {@code connection} as its host's; an older one of the same host (a half-dead socket) is closed. */
    public void register(UUID hostId, WebSocketConnection connection) {
        WebSocketConnection older = held.put(hostId, connection);
        if (older != null && !older.id().equals(connection.id()) && older.isOpen()) {
            older.close(new CloseReason(REPLACED, "replaced by a newer connection of the same host"))
                    .subscribe().with(ok -> { }, e -> LOG.debugf("closing a replaced connection failed: %s", e));
        }
    }

    public void remove(UUID hostId, WebSocketConnection connection) {
        held.computeIfPresent(hostId, (id, current) -> current.id().equals(connection.id()) ? null : current);
    }

    public Set<UUID> hosts() {
        return Set.copyOf(held.keySet());
    }

    /** Sends the host its full desired set now, if its agent is connected here. Blocking. */
    public void sendDesired(UUID hostId) {
        synchronized (sendLocks.computeIfAbsent(hostId, id -> new Object())) {
            WebSocketConnection connection = held.get(hostId);
            if (connection == null || !connection.isOpen()) {
                return;
            }
            String message = codec.encode(desiredSets.of(hostId));
            try {
                connection.sendTextAndAwait(message);
            } catch (RuntimeException e) {
                // The agent gets the full set again when it reconnects; nothing to retry here.
                LOG.infof("failed to send the desired set to host %s: %s", hostId, e.getMessage());
            }
        }
    }

    /**
     * Sends an already encoded message to the host's agent, if it is connected here, in turn with
     * desired sets. Blocking. False when it is not held here or the send failed.
     */
    public boolean sendEncoded(UUID hostId, String message) {
        synchronized (sendLocks.computeIfAbsent(hostId, id -> new Object())) {
            WebSocketConnection connection = held.get(hostId);
            if (connection == null || !connection.isOpen()) {
                return false;
            }
            try {
                connection.sendTextAndAwait(message);
                return true;
            } catch (RuntimeException e) {
                LOG.infof("failed to send a message to host %s: %s", hostId, e.getMessage());
                return false;
            }
        }
    }

    public boolean holds(UUID hostId) {
        return held.containsKey(hostId);
    }

    /** {@link #sendDesired} on a worker thread, for callers that must not block (notification listener). */
    public void sendDesiredSoon(UUID hostId) {
        if (held.containsKey(hostId)) {
            Infrastructure.getDefaultWorkerPool().execute(() -> sendDesired(hostId));
        }
    }

    /** Closes a host's connection held here, e.g. once its heartbeats stopped or its token was revoked. */
    public void drop(UUID hostId, int code, String reason) {
        WebSocketConnection connection = held.remove(hostId);
        if (connection != null && connection.isOpen()) {
            connection.close(new CloseReason(code, reason))
                    .subscribe().with(ok -> { }, e -> LOG.debugf("closing host %s failed: %s", hostId, e));
        }
    }
}
