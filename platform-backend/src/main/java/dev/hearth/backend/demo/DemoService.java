package dev.hearth.backend.demo;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.logs.PodLogs;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Retry;
import dev.hearth.protocol.BuildLanguage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The caller's guided demo (docs/guided-demo.md): what the pages and {@code /api/v1/demo} use — the progress
 * ({@link DemoProgressReader}, cheap to poll while {@link DemoView#settling()}) and every action:
 * save the source or the manifest, build, run, start over.
 */
@ApplicationScoped
public class DemoService {

    private static final Logger LOG = Logger.getLogger(DemoService.class);

    private final Caller caller;
    private final DemoProgressReader reader;
    private final DemoClusters clusters;
    private final BuildService builds;
    private final DemoPods pods;
    private final PodLogs podLogs;
    private final AuditLog audit;
    private final Clock clock;

    public DemoService(Caller caller, DemoProgressReader reader, DemoClusters clusters, BuildService builds,
            DemoPods pods, PodLogs podLogs, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.reader = reader;
        this.clusters = clusters;
        this.builds = builds;
        this.pods = pods;
        this.podLogs = podLogs;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's progress, every step evaluated; the first call starts their demo (Rust). */
    public DemoView progress() {
        return reader.read();
    }

    /** The hello-world template of {@code language} ({@code rust} or {@code c}), for the editor's switch. */
    public String template(String language) {
        return DemoContent.source(SourceRules.language(language));
    }

    /**
     * Saves the caller's source (step 2).
     *
     * @throws ValidationProblem naming {@code language} or {@code source}: unknown, empty, over 64 KiB
     */
    public DemoView saveSource(String language, String source) {
        BuildLanguage lang = SourceRules.check(language, source);
        // A page's poll may store the steps at the same moment; a stale version is retried, not a 500.
        Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            DemoProgress p = DemoProgressStore.ensure(caller.userId(), clock.instant());
            p.language = lang;
            p.source = source;
            p.updatedAt = clock.instant();
            return p.userId;
        }));
        return progress();
    }

    /**
     * Saves an edited pod manifest, after checking it as Run would; blank goes back to the default.
     *
     * @throws ValidationProblem naming {@code manifest}
     */
    public DemoView saveManifest(String manifest) {
        Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            DemoSnapshot s = reader.snapshot();
            DemoProgress p = DemoProgress.findById(caller.userId());
            if (manifest == null || manifest.isBlank()) {
                p.manifest = null;
            } else {
                String stored = DemoContent.templatize(manifest, s.builtImage());
                DemoManifest.parse(DemoContent.fill(stored, standInImage(s), s.registryNamespace()));
                p.manifest = stored;
            }
            p.updatedAt = clock.instant();
            return p.userId;
        }));
        return progress();
    }

    /**
     * Builds the caller's source on their cluster's host (steps 3–4); see {@link BuildService#start}.
     */
    public BuildView build(String language, String source, String clusterId) {
        return BuildView.of(builds.start(language, source, clusterId));
    }

    /** One of the caller's builds (404 for anyone else's). */
    public BuildView build(String id) {
        return BuildView.of(ownBuild(id));
    }

    /** The entity of one of the caller's builds (404 for anyone else's), for its log stream's name. */
    public Build ownBuild(String id) {
        return builds.get(id);
    }

    /**
     * Applies the demo pod (step 5) to the caller's cluster: the given manifest (saved as their edited
     * one), else theirs, else the default; with {@code image}, else their last built image. Starts
     * following the pod's log at once, so the page's log panel has it from the first line.
     *
     * @throws ValidationProblem naming {@code manifest} or {@code image}
     * @throws ConflictProblem without a READY cluster or an image to run
     */
    public RunView run(String clusterId, String image, String manifest) {
        if (image != null && image.isBlank()) {
            throw ValidationProblem.of("image", "is blank; leave it out to run your last build");
        }
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(clusterId, image, manifest));
        DemoPods.Applied applied;
        try {
            applied = pods.apply(prepared.clusterId(), prepared.manifest(), prepared.previous());
        } catch (ProblemException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                DemoProgress p = DemoProgress.findById(caller.userId());
                p.forgetRun();
                p.runError = e.getMessage();
                p.updatedAt = clock.instant();
            });
            throw e;
        }
        RunView run = Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            DemoProgress p = DemoProgress.findById(caller.userId());
            p.forgetRun();
            p.runClusterId = prepared.clusterId();
            p.runNamespace = applied.namespace();
            p.runPod = applied.pod();
            p.runUid = applied.uid();
            p.runContainer = applied.container();
            p.runImage = prepared.image();
            p.runAt = clock.instant();
            p.updatedAt = p.runAt;
            audit.record(caller, Action.DEMO_RUN, "cluster", prepared.clusterId(),
                    "pod=" + applied.namespace() + "/" + applied.pod() + " image=" + prepared.image());
            return RunView.of(p);
        }));
        try {
            podLogs.follow(run.clusterId(), run.namespace(), run.pod(), run.container());
        } catch (RuntimeException e) {
            // The pod is applied; its log is followed anyway once the page opens run.logs.
            LOG.infof("could not start following %s/%s on %s yet: %s", run.namespace(), run.pod(), run.clusterId(),
                    e.getMessage());
        }
        return run;
    }

    /**
     * Step 7: builds the web variant of the caller's saved source (the WAGI template of their language with
     * their greeting) on their cluster's host.
     *
     * @throws ConflictProblem while step 7 is locked (the detail says what comes first), or without a READY cluster
     */
    public BuildView webBuild(String clusterId) {
        requireWebUnlocked();
        return BuildView.of(builds.startWeb(clusterId));
    }

    /**
     * Step 7: runs the last web build as the pod and Service {@code hello-web} in {@code default}; the
     * progress then asks the app until it answered 200 with the greeting.
     *
     * @throws ConflictProblem while step 7 is locked, or without a successful web build
     */
    public DemoView webRun() {
        requireWebUnlocked();
        record WebPlan(String clusterId, String image, String manifest) {
        }
        WebPlan plan = QuarkusTransaction.requiringNew().call(() -> {
            DemoSnapshot s = reader.snapshot();
            Build web = s.progress().webBuildId == null ? null : Build.findById(s.progress().webBuildId);
            if (web == null || web.status != dev.hearth.protocol.BuildStatus.SUCCEEDED) {
                throw new ConflictProblem("no-web-build", "No web app built",
                        "build your greeting as a web app first (POST /api/v1/demo/web/builds), then run it once it succeeded");
            }
            clusters.requireReady(clusters.choose(web.clusterId, null).orElseThrow());
            return new WebPlan(web.clusterId, web.image, DemoContent.webManifest(web.image, s.registryNamespace()));
        });
        ProblemException refused = null;
        try {
            pods.applyWebApp(plan.clusterId(), plan.manifest());
        } catch (ProblemException e) {
            refused = e;
        }
        String failed = refused == null ? null : refused.getMessage();
        Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            DemoProgress p = DemoProgress.findById(caller.userId());
            p.forgetWebRun();
            p.webClusterId = plan.clusterId();
            p.webImage = failed == null ? plan.image() : null;
            p.webError = failed;
            p.updatedAt = clock.instant();
            audit.record(caller, Action.DEMO_RUN, "cluster", plan.clusterId(),
                    "pod=" + DemoContent.NAMESPACE + "/" + DemoContent.WEB_APP + " image=" + plan.image()
                            + (failed == null ? "" : " failed"));
            return p.userId;
        }));
        if (refused != null) {
            throw refused; // step 7 shows it as FAILED with the same message
        }
        return progress();
    }

    private void requireWebUnlocked() {
        StepView web = progress().step(DemoStep.WEB);
        if (web.state() == StepState.LOCKED) {
            throw new ConflictProblem("step-locked", "Step 7 is locked", web.detail());
        }
    }

    /** Starts the demo over: progress forgotten, the demo pod deleted. Builds stay (they expire). */
    public DemoView restart() {
        DemoProgress old = QuarkusTransaction.requiringNew().call(() -> {
            DemoProgress p = DemoProgress.findById(caller.userId());
            if (p != null) {
                p.delete();
                audit.record(caller, Action.DEMO_RESTART, "demo", caller.userId().toString(), null);
            }
            return p;
        });
        if (old != null && old.hasRun()) {
            pods.delete(old.runClusterId, old.runNamespace, old.runPod);
        }
        if (old != null && old.webImage != null) {
            pods.delete(old.webClusterId, DemoContent.NAMESPACE, DemoContent.WEB_APP);
        }
        return progress();
    }

    private record Prepared(String clusterId, String image, DemoManifest manifest, DemoPods.Applied previous) {
    }

    private Prepared prepare(String clusterId, String image, String manifest) {
        DemoSnapshot s = reader.snapshot();
        ClusterView view = s.cluster();
        if (clusterId != null && !clusterId.isBlank()) {
            view = clusters.choose(clusterId, null).orElseThrow();
        }
        if (view == null) {
            throw new ConflictProblem("no-cluster", "No cluster", "you have no cluster to run on; request one first");
        }
        clusters.requireReady(view);
        String run = image != null ? image.strip() : s.builtImage();
        if (run == null) {
            throw new ConflictProblem("no-image", "Nothing built yet",
                    "you have no successful build to run; build your source first, or name an image");
        }
        DemoProgress p = DemoProgress.findById(caller.userId());
        if (manifest != null && !manifest.isBlank()) {
            p.manifest = DemoContent.templatize(manifest, run);
        }
        DemoManifest parsed = DemoManifest.parse(DemoContent.fill(p.manifest, run, s.registryNamespace()));
        DemoPods.Applied previous = p.hasRun() && view.id().equals(p.runClusterId)
                ? new DemoPods.Applied(p.runNamespace, p.runPod, p.runUid, p.runContainer) : null;
        p.clusterId = view.id();
        return new Prepared(view.id(), run, parsed, previous);
    }

    /** What stands in for the image when checking a manifest before anything is built. */
    private static String standInImage(DemoSnapshot s) {
        return s.builtImage() != null ? s.builtImage()
                : BuildService.REGISTRY + "/" + s.registryNamespace() + "/" + DemoContent.app(s.progress().language) + ":1";
    }
}
