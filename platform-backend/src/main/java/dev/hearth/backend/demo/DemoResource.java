package dev.hearth.backend.demo;

import dev.hearth.backend.demo.DemoRequests.ManifestBody;
import dev.hearth.backend.demo.DemoRequests.RunBody;
import dev.hearth.backend.demo.DemoRequests.SourceBody;
import dev.hearth.backend.demo.DemoRequests.WebBody;
import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/demo}: the caller's guided demo (docs/architecture.md, "The backend"). Everything the demo page does. */
@Path("/api/v1/demo")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Guided demo", description = "Build, push, run and watch a WASI hello-world on your cluster")
public class DemoResource {

    private final DemoService demo;

    public DemoResource(DemoService demo) {
        this.demo = demo;
    }

    @GET
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Your progress", description = "The seven steps with their state, detail and CLI equivalents, "
            + "your source and manifest, the last build and run. While settling is true, read it again shortly.")
    public DemoView progress() {
        return demo.progress();
    }

    @GET
    @Path("/template")
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "The hello-world template of a language", description = "language=rust or c")
    public String template(@Parameter(required = true, schema = @Schema(enumeration = {"rust", "c"}))
            @QueryParam("language") String language) {
        return demo.template(language);
    }

    @PUT
    @Path("/source")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Save your source (step 2)", description = "400 naming language or source: unknown language, "
            + "empty, or more than 64 KiB.")
    public DemoView saveSource(SourceBody body) {
        return demo.saveSource(body == null ? null : body.language(), body == null ? null : body.source());
    }

    @PUT
    @Path("/manifest")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Save your pod manifest", description = "Checked as Run checks it; blank resets to the default. "
            + "Your image may be written as ${IMAGE}, so the next build's image is used.")
    public DemoView saveManifest(@RequestBody(required = false, description = "Left out: the default manifest")
            ManifestBody body) {
        return demo.saveManifest(body == null ? null : body.manifest());
    }

    @POST
    @Path("/builds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Build your source (steps 3-4)", description = "Compiles on your cluster's host and pushes to "
            + "hearth-registry:5000/<your namespace>/hello-<language>:<n>; the image is always chosen by Hearth. "
            + "400 names language or source (too big is a 400 on source, not a 413: the limit is on that field); "
            + "409 without a READY cluster; 429 when you already have your limit of builds running.")
    @APIResponse(responseCode = "202", description = "Queued; Location names the build",
            content = @Content(schema = @Schema(implementation = BuildView.class)))
    @APIResponse(responseCode = "429", description = "Too many builds at once",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response build(SourceBody body) {
        BuildView build = demo.build(body == null ? null : body.language(), body == null ? null : body.source(),
                body == null ? null : body.clusterId());
        return Response.accepted(build).location(URI.create("/api/v1/builds/" + build.id())).build();
    }

    @POST
    @Path("/run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Run the demo pod (step 5)", description = "Applies your manifest to your cluster, deleting the "
            + "previous demo pod first; returns where it runs and its log URL. 400 names manifest or image.")
    public RunView run(RunBody body) {
        RunBody b = body == null ? new RunBody(null, null, null) : body;
        return demo.run(b.clusterId(), b.image(), b.manifest());
    }

    @POST
    @Path("/web/builds")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Build your greeting as a web app (step 7)", description = "Compiles the WAGI template of your "
            + "language with the greeting of your saved source and pushes it to hearth-registry:5000/<your namespace>/"
            + "hello-web-<language>:<n>. 409 while step 7 is locked (finish step 6 first) or without a READY cluster; 429 as builds.")
    @APIResponse(responseCode = "202", description = "Queued; Location names the build",
            content = @Content(schema = @Schema(implementation = BuildView.class)))
    public Response webBuild(@RequestBody(required = false) WebBody body) {
        BuildView build = demo.webBuild(body == null ? null : body.clusterId());
        return Response.accepted(build).location(URI.create("/api/v1/builds/" + build.id())).build();
    }

    @POST
    @Path("/web/run")
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Run your web app (step 7)", description = "Applies the pod and Service hello-web (namespace "
            + "default) with your last web build; Hearth then asks the app through its URL until it answered 200 with "
            + "your greeting (step 7 DONE). 409 while locked or before a web build succeeded; 502 when the cluster does not answer.")
    @APIResponse(responseCode = "200", description = "The demo, step 7 running or done",
            content = @Content(schema = @Schema(implementation = DemoView.class)))
    @APIResponse(responseCode = "409", description = "Step 7 is locked, or no web build has succeeded yet; the detail says which",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Your cluster did not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DemoView webRun() {
        return demo.webRun();
    }

    @POST
    @Path("/restart")
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Start over", description = "Forgets your progress and deletes the demo pod.")
    public DemoView restart() {
        return demo.restart();
    }
}
