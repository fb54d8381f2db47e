package dev.hearth.backend.terminal;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** A cluster owner's terminal: {@code /clusters/{id}/terminal/socket} (checked by {@link TerminalUpgradeCheck}). */
@WebSocket(path = "/clusters/{id}/terminal/socket", endpointId = OwnTerminalSocket.ID)
public class OwnTerminalSocket {

    static final String ID = "hearth-terminal";

    private final TerminalRelay relay;

    public OwnTerminalSocket(TerminalRelay relay) {
        this.relay = relay;
    }

    @OnOpen
    void opened(WebSocketConnection connection) {
        relay.opened(connection);
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        relay.message(connection, text);
    }

    @OnBinaryMessage
    void binary(WebSocketConnection connection, byte[] bytes) {
        // Browsers send text frames only; anything else is not this page.
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        relay.closed(connection);
    }
}
