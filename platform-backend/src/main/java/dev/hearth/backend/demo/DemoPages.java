package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterInspection;
import dev.hearth.backend.cluster.ClusterInspector;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The guided demo (docs/guided-demo.md): seven steps on one page, each read from the participant's saved
 * progress in {@link DemoService}, so a reload or a new sign-in shows where they were. Every action
 * goes through the same service as {@code /api/v1/demo*} and answers with out-of-band swaps of the
 * parts it changed plus {@code HX-Trigger: demo-changed}; while a step runs the page polls
 * {@link #states} with cursors saying what it shows, so editors and running log panels stay put.
 */
@Path("/demo")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class DemoPages {

    /** htmx event (HX-Trigger) after any action, so the step states refresh at once. */
    static final String CHANGED = "demo-changed";
    /** A rerun's marker once its build succeeded: the page then posts Run itself. */
    static final String RERUN_NOW = "go";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(DemoPage page, String rerun);

        static native TemplateInstance states(DemoPage page, Set<String> regions, String rerun);

        static native TemplateInstance nodes(ClusterInspection inspection);
    }

    private final DemoService demo;
    private final DemoPageViews views;
    private final ClusterService clusters;
    private final ClusterInspector inspector;
    private final PageErrors errors;

    public DemoPages(DemoService demo, DemoPageViews views, ClusterService clusters, ClusterInspector inspector,
            PageErrors errors) {
        this.demo = demo;
        this.views = views;
        this.clusters = clusters;
        this.inspector = inspector;
        this.errors = errors;
    }

    @GET
    public TemplateInstance page() {
        return Templates.page(views.page(demo.progress()), null);
    }

    /**
     * Every step's status, and each part whose cursor (what the page shows) no longer matches the
     * saved progress: a new cluster, build, pushed image or pod. {@code rerun} is the build a
     * "Rebuild and rerun" waits for.
     */
    @GET
    @Path("states")
    public TemplateInstance states(@RestQuery String cluster, @RestQuery String build, @RestQuery String image,
            @RestQuery String run, @RestQuery String rerun) {
        DemoPage page = views.page(demo.progress());
        Set<String> regions = new HashSet<>();
        changed(regions, "cluster", cluster, DemoPageViews.clusterCursor(page));
        changed(regions, "build", build, DemoPageViews.buildCursor(page));
        changed(regions, "image", image, DemoPageViews.imageCursor(page));
        changed(regions, "run", run, DemoPageViews.runCursor(page));
        String next = rerun == null || rerun.isEmpty() ? null : rerunAfter(page, rerun);
        if (!Objects.equals(next, rerun == null || rerun.isEmpty() ? null : rerun)) {
            regions.add("rerun");
        }
        return Templates.states(page, alsoManifest(regions), next);
    }

    /** Step 1's node list, asked of the demo cluster's API server (after the page has shown). */
    @GET
    @Path("nodes")
    public TemplateInstance nodes() {
        DemoPage page = views.page(demo.progress());
        if (page.cluster() == null) {
            throw new ProblemException(404, "no-cluster", "No cluster", "you have no demo cluster yet");
        }
        return Templates.nodes(inspector.inspect(page.cluster().id()));
    }

    /** Step 1's "Get a cluster" (and its Retry): a cluster with the default configuration, a WASI node included. */
    @POST
    @Path("cluster")
    public Response cluster() {
        clusters.request("demo", (String) null, null);
        return update(Set.of("cluster"), null);
    }

    /** The language switch: that language's hello-world in the editor (saved with Save or Build). */
    @GET
    @Path("template")
    public Response template(@RestQuery String language) {
        DemoPage page = views.page(demo.progress());
        DemoPage shown = views.withSource(page, language, demo.template(language), FieldErrors.NONE);
        return Response.ok(Templates.states(shown, Set.of("source"), null)).build();
    }

    @POST
    @Path("source")
    public Response source(@RestForm String language, @RestForm String source) {
        try {
            demo.saveSource(language, source);
            return update(Set.of("source"), null);
        } catch (ProblemException problem) {
            return rejectedSource(problem, language, source);
        }
    }

    /** Step 3's Build (and Retry): saves the editor's source, then builds it; the log panel follows the new build. */
    @POST
    @Path("build")
    public Response build(@RestForm String language, @RestForm String source) {
        try {
            demo.build(language, source, null);
            return update(Set.of("source", "build", "image"), null);
        } catch (ProblemException problem) {
            return rejectedSource(problem, language, source);
        }
    }

    /** The make-it-yours loop: build the edited source, then (when the page sees it succeeded) run it again. */
    @POST
    @Path("rebuild")
    public Response rebuild(@RestForm String language, @RestForm String source) {
        try {
            String buildId = demo.build(language, source, null).id().toString();
            return update(Set.of("source", "build", "image", "rerun"), buildId);
        } catch (ProblemException problem) {
            return rejectedSource(problem, language, source);
        }
    }

    /** Step 5's Run (and step 5/6's Retry): applies the manifest as edited; the pod log panel follows the new pod. */
    @POST
    @Path("run")
    public Response run(@RestForm String manifest) {
        try {
            demo.run(null, null, manifest);
            return update(Set.of("manifest", "run", "rerun"), null);
        } catch (ProblemException problem) {
            if (problem.errors().isEmpty()) {
                throw problem;
            }
            FieldErrors shown = FieldErrors.of(problem, Set.of("manifest"), field -> "manifest");
            DemoPage page = views.withManifest(views.page(demo.progress()), manifest, true, shown);
            return Response.status(422).entity(Templates.states(page, Set.of("manifest"), null)).build();
        }
    }

    /** Step 7's "Build the web app" (and its Retry): the WAGI template with the saved greeting. */
    @POST
    @Path("web/build")
    public Response webBuild() {
        demo.webBuild(null);
        return update(Set.of(), null);
    }

    /** Step 7's "Run the web app": hello-web and its Service applied; the page then polls until the app answered. */
    @POST
    @Path("web/run")
    public Response webRun() {
        demo.webRun();
        return update(Set.of(), null);
    }

    /** Back to the default manifest (the participant's image filled in), after the page's confirm. */
    @POST
    @Path("manifest/reset")
    public Response resetManifest() {
        demo.saveManifest(null);
        return update(Set.of("manifest"), null);
    }

    /** "Start over" (after the page's confirm): progress reset and the demo pod deleted; the page reloads. */
    @POST
    @Path("restart")
    public Response restart() {
        demo.restart();
        return Response.noContent().header("HX-Refresh", "true").build();
    }

    /** Problems with no field to show them by (a cluster not ready, too many builds) go to the page's alert region. */
    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }

    private Response update(Set<String> regions, String rerun) {
        DemoPage page = views.page(demo.progress());
        return Response.ok(Templates.states(page, alsoManifest(regions), rerun)).header("HX-Trigger", CHANGED).build();
    }

    /**
     * The manifest shown names the newest pushed image (the service keeps a saved one following it),
     * so it is shown again whenever the image part is: Run then applies what the page shows. Text
     * typed into the manifest while a build finishes is replaced — Run saves it, so run first.
     */
    private static Set<String> alsoManifest(Set<String> regions) {
        if (!regions.contains("image") || regions.contains("manifest")) {
            return regions;
        }
        Set<String> more = new HashSet<>(regions);
        more.add("manifest");
        return more;
    }

    /** Field problems (empty, too big, unknown language) go under the editor, with what was typed; others to the alert region. */
    private Response rejectedSource(ProblemException problem, String language, String source) {
        if (problem.errors().isEmpty()) {
            throw problem;
        }
        FieldErrors shown = FieldErrors.of(problem, Set.of("source", "language"), field -> field);
        DemoPage page = views.withSource(views.page(demo.progress()), language, source, shown);
        return Response.status(422).entity(Templates.states(page, Set.of("source"), null)).build();
    }

    private static void changed(Set<String> regions, String region, String shown, String current) {
        if (!Objects.equals(shown == null ? "" : shown, current)) {
            regions.add(region);
        }
    }

    /** {@link #RERUN_NOW} once the awaited build succeeded, null when it failed or another took its place. */
    private static String rerunAfter(DemoPage page, String awaited) {
        if (awaited.equals(RERUN_NOW)) {
            return RERUN_NOW;
        }
        DemoPage.Build build = page.build();
        if (build == null || !build.id().equals(awaited) || "FAILED".equals(build.status())) {
            return null;
        }
        return "SUCCEEDED".equals(build.status()) ? RERUN_NOW : awaited;
    }
}
