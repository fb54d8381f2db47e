package dev.hearth.backend.terminal;

import io.quarkus.websockets.next.WebSocket;

/** A seat's terminal, read-only, for the classroom's instructor: {@code /classrooms/{classroomId}/seats/{seatId}/terminal/socket}. */
@WebSocket(path = "/classrooms/{classroomId}/seats/{seatId}/terminal/socket", endpointId = WatchTerminalSocket.ID)
public class WatchTerminalSocket extends TerminalSocket {

    static final String ID = "hearth-terminal-watch";

    public WatchTerminalSocket(TerminalRelay relay) {
        super(relay);
    }
}
