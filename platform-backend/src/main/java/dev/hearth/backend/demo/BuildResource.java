package dev.hearth.backend.demo;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.logs.LogEvents;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/builds}: the caller's builds (docs/architecture.md, "The backend"). Another person's build is a 404. */
@Path("/api/v1/builds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Guided demo")
public class BuildResource {

    private final DemoService demo;
    private final LogEvents events;

    public BuildResource(DemoService demo, LogEvents events) {
        this.demo = demo;
        this.events = events;
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "One of your builds", description = "status QUEUED, RUNNING, SUCCEEDED (with image and digest) "
            + "or FAILED (message: the compiler's first error)")
    public BuildView get(@PathParam("id") String id) {
        return demo.build(id);
    }

    @GET
    @Path("/{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "A build's log (download)", description = "The lines stored so far, as a text file. "
            + "Ask with Accept: text/event-stream to follow it live.")
    public Response logs(@PathParam("id") String id) {
        return events.text(demo.ownBuild(id).stream(), "build-" + id + ".log");
    }

    @GET
    @Path("/{id}/logs")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Follow a build's log (live)", description = "Server-sent events 'line' (id = line number from 0) "
            + "and a final 'end' once the build finished. Resumes after Last-Event-ID.")
    public Multi<OutboundSseEvent> follow(@PathParam("id") String id, @QueryParam("after") Long after,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        return events.events(demo.ownBuild(id).stream(), lastEventId, after, sse);
    }
}
