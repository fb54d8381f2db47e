package dev.hearth.backend.terminal;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.NotFoundProblem;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/** A seat's terminal, read-only, for its classroom's instructor (the board's "Watch terminal"); else not found. */
@Path("/classrooms/{classroomId}/seats/{seatId}/terminal")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SeatTerminalPages {

    private final TerminalAccess access;
    private final Caller caller;

    public SeatTerminalPages(TerminalAccess access, Caller caller) {
        this.access = access;
        this.caller = caller;
    }

    @GET
    public TemplateInstance watch(@RestPath String classroomId, @RestPath String seatId) {
        TerminalTarget target = access.watch(caller, classroomId, seatId)
                .orElseThrow(() -> new NotFoundProblem("seat terminal", seatId));
        return TerminalPages.Templates.terminal(target.clusterId(),
                "/classrooms/" + classroomId + "/seats/" + seatId + "/terminal/socket", true,
                "Watching the terminal of " + target.clusterId());
    }
}
