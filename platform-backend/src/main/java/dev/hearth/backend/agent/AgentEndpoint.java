package dev.hearth.backend.agent;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.AgentProtocolException;
import dev.hearth.protocol.UnknownMessageTypeException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

/**
 * The agent channel's server end (docs/agent-channel.md): {@code /agent/v1/connect}, opened by each host's agent
 * with its host token ({@link HostTokenCheck} refuses anything else before the upgrade). Messages are
 * decoded here and handed to {@link AgentSession}; the methods run on worker threads, one message of
 * a connection at a time.
 */
@WebSocket(path = "/agent/v1/connect", endpointId = AgentEndpoint.ID)
public class AgentEndpoint {

    static final String ID = "hearth-agent-channel";
    private static final Logger LOG = Logger.getLogger(AgentEndpoint.class);
    /** RFC 6455 §7.4.1: the peer sent something this side cannot read. */
    private static final int PROTOCOL_ERROR = 1002;

    private final AgentMessageCodec codec;
    private final AgentSession session;
    private final AgentConnections connections;
    private final Event<AgentDisconnected> disconnected;

    public AgentEndpoint(AgentMessageCodec codec, AgentSession session, AgentConnections connections,
            Event<AgentDisconnected> disconnected) {
        this.codec = codec;
        this.session = session;
        this.connections = connections;
        this.disconnected = disconnected;
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        AuthenticatedHost host = HostTokenCheck.hostOf(connection);
        AgentMessage message;
        try {
            message = codec.decode(text);
        } catch (UnknownMessageTypeException e) {
            // A newer agent's message: skip it, keep the connection.
            LOG.debugf("host %s: %s", host.name(), e.getMessage());
            return;
        } catch (AgentProtocolException e) {
            LOG.warnf("host %s sent an unreadable message; closing: %s", host.name(), e.getMessage());
            connection.closeAndAwait(new CloseReason(PROTOCOL_ERROR, truncate(e.getMessage())));
            return;
        }
        session.handle(connection, host, message);
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        AuthenticatedHost host = HostTokenCheck.hostOf(connection);
        connections.remove(host.id(), connection);
        // The agent ends its tunnels when its connection drops; the backend's ends are told why.
        disconnected.fire(new AgentDisconnected(host.id()));
        LOG.infof("agent of host %s disconnected (%s)", host.name(), connection.closeReason());
    }

    @OnError
    void failed(WebSocketConnection connection, Throwable error) {
        LOG.warnf(error, "agent channel of host %s failed", HostTokenCheck.hostOf(connection).name());
    }

    /** A close reason must fit a control frame (123 bytes). */
    private static String truncate(String reason) {
        return reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
    }
}
