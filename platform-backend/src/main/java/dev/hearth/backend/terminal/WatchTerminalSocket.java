package dev.hearth.backend.terminal;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** A seat's terminal, read-only, for the classroom's instructor: {@code /classrooms/{classroomId}/seats/{seatId}/terminal/socket}. */
@WebSocket(path = "/classrooms/{classroomId}/seats/{seatId}/terminal/socket", endpointId = WatchTerminalSocket.ID)
public class WatchTerminalSocket {

    static final String ID = "hearth-terminal-watch";

    private final TerminalRelay relay;

    public WatchTerminalSocket(TerminalRelay relay) {
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
