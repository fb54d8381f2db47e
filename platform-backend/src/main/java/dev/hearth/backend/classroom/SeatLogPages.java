package dev.hearth.backend.classroom;

import dev.hearth.backend.logs.LogEvents;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The stream and download behind a seat's log panel (the board's "Logs" page), for its instructor only. */
@Path("/classrooms/{id}/seats/{seatId}/pod-log")
@Authenticated
public class SeatLogPages {

    private final SeatLogs seatLogs;
    private final LogEvents events;
    private final PageErrors errors;

    public SeatLogPages(SeatLogs seatLogs, LogEvents events, PageErrors errors) {
        this.seatLogs = seatLogs;
        this.events = events;
        this.errors = errors;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> follow(@RestPath String id, @RestPath String seatId,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        return events.events(seatLogs.follow(id, seatId), lastEventId, null, sse);
    }

    @GET
    @Path("download")
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    public Response download(@RestPath String id, @RestPath String seatId) {
        return events.text(seatLogs.follow(id, seatId), "seat-" + seatId + "-pod.log");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }
}
