package dev.hearth.backend.demo;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.logs.LogStreams;
import dev.hearth.backend.problem.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/builds}: the caller's builds (DESIGN §10). Another person's build is a 404. */
@Path("/api/v1/builds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Guided demo")
@APIResponse(responseCode = "404", description = "No such build of yours",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class BuildResource {

    /** The most lines a stream holds (hearth.logs.max-lines-per-stream's default): a download is the whole log. */
    private static final int MAX_LINES = 100_000;

    private final DemoService demo;
    private final LogStreams logs;

    public BuildResource(DemoService demo, LogStreams logs) {
        this.demo = demo;
        this.logs = logs;
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
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "A build's log (text)", description = "The lines stored so far, as a download. "
            + "Ask with Accept: text/event-stream to follow it live.")
    public Response logs(@PathParam("id") String id) {
        Build build = demo.ownBuild(id);
        String text = logs.read(build.stream(), -1, MAX_LINES).stream().map(line -> line.text() + "\n")
                .collect(Collectors.joining());
        return Response.ok(text).header("Content-Disposition", "attachment; filename=\"build-" + id + ".log\"").build();
    }
}
