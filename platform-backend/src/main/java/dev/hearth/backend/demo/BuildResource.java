package dev.hearth.backend.demo;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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

    private final DemoService demo;

    public BuildResource(DemoService demo) {
        this.demo = demo;
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "One of your builds", description = "status QUEUED, RUNNING, SUCCEEDED (with image and digest) "
            + "or FAILED (message: the compiler's first error)")
    public BuildView get(@PathParam("id") String id) {
        return demo.build(id);
    }
}
