package dev.hearth.backend.terminal;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * What both terminal sockets do, the owner's ({@link OwnTerminalSocket}) and the watcher's
 * ({@link WatchTerminalSocket}): hand every event to the {@link TerminalRelay}, which tells them apart by
 * the target {@link TerminalUpgradeCheck} put on the connection. Each subclass only names its path;
 * websockets-next finds these callbacks on the superclass.
 */
abstract class TerminalSocket {

    private final TerminalRelay relay;

    TerminalSocket(TerminalRelay relay) {
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
