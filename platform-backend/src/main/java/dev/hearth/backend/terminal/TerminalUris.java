package dev.hearth.backend.terminal;

import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The terminal pages' links ({@code {uri:terminal(c.id)}}, {@code {uri:seatTerminal(room.id, seat.id)}});
 * built from {@link TerminalPages}'s and {@link SeatTerminalPages}'s {@code @Path}s (portal.Uris says why; priority 13, this feature's own).
 */
@TemplateExtension(namespace = "uri", priority = 13)
public final class TerminalUris {

    private TerminalUris() {
    }

    static String terminal(String clusterId) {
        return UriBuilder.fromResource(TerminalPages.class).build(clusterId).toString();
    }

    static String seatTerminal(Object classroomId, Object seatId) {
        return UriBuilder.fromResource(SeatTerminalPages.class).build(classroomId, seatId).toString();
    }
}
