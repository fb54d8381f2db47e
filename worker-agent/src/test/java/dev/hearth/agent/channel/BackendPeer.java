package dev.hearth.agent.channel;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The backend's side of the channel as the agent tests need it: a small WebSocket server at the
 * channel's path that answers Hello with a desired set and records what arrives. Only the channel
 * test's profile points an agent at it.
 */
@WebSocket(path = AgentChannel.PATH)
public class BackendPeer {

    static final DesiredClusters DESIRED = new DesiredClusters(
            List.of(new DesiredCluster("c-chan01", "demo", ClusterConfig.DEFAULTS, 2)));

    /** One received message and the connection it came on. */
    record Received(String connectionId, String authorization, AgentMessage message) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<WebSocketConnection> CONNECTIONS = new CopyOnWriteArrayList<>();
    private static final AgentMessageCodec CODEC = new AgentMessageCodec();

    @OnOpen
    void open(WebSocketConnection connection) {
        CONNECTIONS.add(connection);
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        AgentMessage message = CODEC.decode(text);
        RECEIVED.add(new Received(connection.id(), connection.handshakeRequest().header("Authorization"), message));
        if (message instanceof Hello) {
            connection.sendTextAndAwait(CODEC.encode(DESIRED));
        }
    }

    /** Drops every connection from the server's side, as a backend restart would. */
    static void dropAll() {
        CONNECTIONS.forEach(c -> {
            if (c.isOpen()) {
                c.closeAndAwait();
            }
        });
        CONNECTIONS.clear();
    }
}
