package dev.hearth.backend.agent;

import dev.hearth.backend.cluster.ClusterObservations;
import dev.hearth.backend.problem.DatabaseUnavailable;
import dev.hearth.backend.scheduling.SchedulingTrigger;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Heartbeat;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStop;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

/**
 * What the hub does with each message of an authenticated agent: {@code Hello} first (anything else
 * before it is refused), then heartbeats, observations and credentials; log chunks and build results
 * go to the feature that registered for them ({@link AgentMessageHandler}).
 */
@ApplicationScoped
public class AgentSession {

    private static final Logger LOG = Logger.getLogger(AgentSession.class);
    private static final UserData.TypedKey<Boolean> GREETED = UserData.TypedKey.forBoolean("hearth.agent.greeted");
    /** RFC 6455 §7.4.1: a message that violates the channel's policy. */
    private static final int POLICY_VIOLATION = 1008;
    /** RFC 6455 close code 1013, "Try Again Later" (IANA WebSocket close code registry). */
    private static final int TRY_AGAIN_LATER = 1013;

    private final HostAuthenticator authenticator;
    private final HostPresence presence;
    private final AgentConnections connections;
    private final ClusterObservations observations;
    private final SchedulingTrigger scheduling;
    private final AgentMailbox mailbox;
    private final AgentMessageHandlers handlers;
    private final Event<AgentConnected> connected;

    public AgentSession(HostAuthenticator authenticator, HostPresence presence, AgentConnections connections,
            ClusterObservations observations, SchedulingTrigger scheduling, AgentMailbox mailbox,
            AgentMessageHandlers handlers, Event<AgentConnected> connected) {
        this.authenticator = authenticator;
        this.presence = presence;
        this.connections = connections;
        this.observations = observations;
        this.scheduling = scheduling;
        this.mailbox = mailbox;
        this.handlers = handlers;
        this.connected = connected;
    }

    /**
     * Handles one message. When PostgreSQL is away (a restart), what the message reported could not be
     * stored, and the agent sends a report only once per connection: the connection is closed instead,
     * so the agent reconnects after its back-off and sends every cluster's newest report and credentials
     * again (docs/agent-channel.md, "Reports") — a cluster provisioned across the restart still ends READY.
     */
    public void handle(WebSocketConnection connection, AuthenticatedHost host, AgentMessage message) {
        try {
            dispatch(connection, host, message);
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.causedBy(e)) {
                throw e;
            }
            LOG.warnf("host %s: %s not stored, the database is unavailable; closing the connection so the agent "
                    + "reconnects and reports again: %s", host.name(), message.getClass().getSimpleName(), e.getMessage());
            connection.closeAndAwait(new CloseReason(TRY_AGAIN_LATER, "database unavailable; reconnect and report again"));
        }
    }

    private void dispatch(WebSocketConnection connection, AuthenticatedHost host, AgentMessage message) {
        if (message instanceof Hello hello) {
            hello(connection, host, hello);
            return;
        }
        if (!Boolean.TRUE.equals(connection.userData().get(GREETED))) {
            refuse(connection, "the first message must be Hello, got " + message.getClass().getSimpleName());
            return;
        }
        String agentAddress = AgentAddress.of(connection);
        switch (message) {
            case Heartbeat beat -> heartbeat(connection, host, beat);
            case ClusterObserved observed -> LOG.debugf("host %s: %s -> %s", host.name(), observed,
                    observations.apply(host.id(), agentAddress, observed));
            case Credentials credentials -> LOG.debugf("host %s: %s -> %s", host.name(), credentials,
                    observations.store(host.id(), agentAddress, credentials));
            case LogChunk chunk -> handlers.handle(host.id(), chunk);
            case BuildResult result -> LOG.debugf("host %s: %s -> %s", host.name(), result,
                    handlers.handle(host.id(), result));
            // Live frames of a tunnel: to the replica that owns its far end (tunnel.Tunnels), never stored.
            case TunnelData data -> handlers.handle(host.id(), data);
            case TunnelAck ack -> handlers.handle(host.id(), ack);
            case TunnelClose close -> handlers.handle(host.id(), close);
            case TunnelOpen ignored -> refuse(connection, "TunnelOpen is sent by the backend, not by agents");
            case TunnelResize ignored -> refuse(connection, "TunnelResize is sent by the backend, not by agents");
            case DesiredClusters ignored -> refuse(connection, "DesiredClusters is sent by the backend, not by agents");
            case BuildRequest ignored -> refuse(connection, "BuildRequest is sent by the backend, not by agents");
            case LogFollow ignored -> refuse(connection, "LogFollow is sent by the backend, not by agents");
            case LogStop ignored -> refuse(connection, "LogStop is sent by the backend, not by agents");
            case Hello ignored -> throw new IllegalStateException("handled above");
        }
    }

    private void hello(WebSocketConnection connection, AuthenticatedHost host, Hello hello) {
        if (!hello.hostId().equals(host.name()) && !hello.hostId().equals(host.id().toString())) {
            // Agents label Docker objects with their host id: one using another host's token would
            // converge the wrong host's clusters onto its engine.
            authenticator.refuseIdentity(host, hello.hostId());
            refuse(connection, "this token belongs to host '" + host.name() + "', not '" + hello.hostId() + "'");
            return;
        }
        presence.hello(host, hello, connection.handshakeRequest().remoteAddress());
        connection.userData().put(GREETED, true);
        connections.register(host.id(), connection);
        connections.sendDesired(host.id());
        // Features resend what the agent forgot while away (pod logs being followed: its followers did
        // not survive its absence), before the mailbox goes out.
        connected.fire(new AgentConnected(host.id()));
        // What was written for this host while its agent was away (or connected to another replica).
        mailbox.deliverSoon(host.id());
        LOG.infof("agent %s of host %s connected", hello.version(), host.name());
        scheduling.request();
    }

    private void heartbeat(WebSocketConnection connection, AuthenticatedHost host, Heartbeat beat) {
        switch (presence.heartbeat(host.id(), beat.usage())) {
            case ALIVE -> { }
            case BACK_ONLINE -> {
                LOG.infof("host %s answers again", host.name());
                connections.sendDesired(host.id());
                scheduling.request();
            }
            case REVOKED -> {
                LOG.infof("host %s's token was revoked; closing its agent's connection", host.name());
                connections.drop(host.id(), POLICY_VIOLATION, "host token revoked");
                connection.closeAndAwait(new CloseReason(POLICY_VIOLATION, "host token revoked"));
            }
        }
    }

    private static void refuse(WebSocketConnection connection, String why) {
        LOG.warnf("refusing agent connection: %s", why);
        connection.closeAndAwait(new CloseReason(POLICY_VIOLATION, why.length() <= 120 ? why : why.substring(0, 117) + "..."));
    }
}
