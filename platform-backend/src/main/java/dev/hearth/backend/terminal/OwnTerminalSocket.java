package dev.hearth.backend.terminal;

import io.quarkus.websockets.next.WebSocket;

/** A cluster owner's terminal: {@code /clusters/{id}/terminal/socket} (checked by {@link TerminalUpgradeCheck}). */
@WebSocket(path = "/clusters/{id}/terminal/socket", endpointId = OwnTerminalSocket.ID)
public class OwnTerminalSocket extends TerminalSocket {

    static final String ID = "hearth-terminal";

    public OwnTerminalSocket(TerminalRelay relay) {
        super(relay);
    }
}
