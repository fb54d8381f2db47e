package dev.hearth.backend.demo;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.classroom.SeatOccupancy;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.demo.DemoFacts.BuildFact;
import dev.hearth.backend.demo.DemoFacts.ClusterFact;
import dev.hearth.backend.demo.DemoFacts.NodeCheck;
import dev.hearth.backend.demo.DemoFacts.PodFact;
import dev.hearth.backend.demo.DemoFacts.RunFact;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.logs.PodLogs;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The caller's guided demo (DESIGN §11): what the pages and {@code /api/v1/demo} use. Reading the
 * progress is cheap once steps are settled — the database only; the cluster is asked only while step
 * 1 waits for the WASI node or step 6 for the pod to finish, so a page may poll it every second while
 * {@link DemoView#settling()}.
 */
@ApplicationScoped
public class DemoService {

    private static final Logger LOG = Logger.getLogger(DemoService.class);

    private final Caller caller;
    private final DemoClusters clusters;
    private final RegistryNamespaces namespaces;
    private final BuildService builds;
    private final DemoPods pods;
    private final PodLogs podLogs;
    private final AuditLog audit;
    private final Clock clock;

    public DemoService(Caller caller, DemoClusters clusters, RegistryNamespaces namespaces, BuildService builds,
            DemoPods pods, PodLogs podLogs, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.clusters = clusters;
        this.namespaces = namespaces;
        this.builds = builds;
        this.pods = pods;
        this.podLogs = podLogs;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's progress, every step evaluated; the first call starts their demo (Rust). */
    public DemoView progress() {
        DemoSnapshot snapshot = QuarkusTransaction.requiringNew().call(this::snapshot);
        DemoFacts facts = facts(snapshot);
        List<StepResult> steps = DemoSteps.evaluate(facts);
        return QuarkusTransaction.requiringNew().call(() -> store(snapshot, facts, steps));
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
        QuarkusTransaction.requiringNew().run(() -> {
            DemoProgress p = DemoProgressStore.ensure(caller.userId(), clock.instant());
            p.language = lang;
            p.source = source;
            p.updatedAt = clock.instant();
        });
        return progress();
    }

    /**
     * Saves an edited pod manifest, after checking it as Run would; blank goes back to the default.
     *
     * @throws ValidationProblem naming {@code manifest}
     */
    public DemoView saveManifest(String manifest) {
        QuarkusTransaction.requiringNew().run(() -> {
            DemoSnapshot s = snapshot();
            DemoProgress p = DemoProgress.findById(caller.userId());
            if (manifest == null || manifest.isBlank()) {
                p.manifest = null;
            } else {
                String stored = DemoContent.templatize(manifest, s.builtImage());
                DemoManifest.parse(DemoContent.fill(stored, standInImage(s), s.registryNamespace()));
                p.manifest = stored;
            }
            p.updatedAt = clock.instant();
        });
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
        RunView run = QuarkusTransaction.requiringNew().call(() -> {
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
        });
        try {
            podLogs.follow(run.clusterId(), run.namespace(), run.pod(), run.container());
        } catch (RuntimeException e) {
            // The pod is applied; its log is followed anyway once the page opens run.logs.
            LOG.infof("could not start following %s/%s on %s yet: %s", run.namespace(), run.pod(), run.clusterId(),
                    e.getMessage());
        }
        return run;
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
        return progress();
    }

    private record Prepared(String clusterId, String image, DemoManifest manifest, DemoPods.Applied previous) {
    }

    private Prepared prepare(String clusterId, String image, String manifest) {
        DemoSnapshot s = snapshot();
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

    /** The database's part; the chosen cluster is remembered. */
    private DemoSnapshot snapshot() {
        UUID me = caller.userId();
        DemoProgress p = DemoProgressStore.ensure(me, clock.instant());
        ClusterView cluster = clusters.choose(null, p.clusterId).orElse(null);
        String clusterId = cluster == null ? null : cluster.id();
        boolean changed = !java.util.Objects.equals(clusterId, p.clusterId);
        if (changed) {
            p.clusterId = clusterId;
        }
        Build build = p.lastBuildId == null ? null : Build.findById(p.lastBuildId);
        Map<Integer, DemoStepRow> stored = DemoStepRow.of(me).stream()
                .collect(Collectors.toMap(r -> (int) r.number, Function.identity()));
        DemoProgress.getEntityManager().detach(p);
        return new DemoSnapshot(p, cluster, changed, build, namespaces.of(me), stored);
    }

    /** The facts, asking the cluster only what the stored steps do not settle. */
    private DemoFacts facts(DemoSnapshot s) {
        DemoProgress p = s.progress();
        ClusterFact cluster = null;
        if (s.cluster() != null) {
            NodeCheck node = null;
            if (s.cluster().phase() == ClusterPhase.READY) {
                DemoStepRow step1 = s.stored().get(DemoStep.CLUSTER.number());
                node = !s.clusterChanged() && step1 != null && step1.state == StepState.DONE
                        ? new NodeCheck(true, true, step1.detail)
                        : clusters.wasiNode(s.cluster().id());
            }
            cluster = new ClusterFact(s.cluster().id(), s.cluster().phase(), s.cluster().message(), node);
        }
        BuildFact build = s.build() == null ? null : new BuildFact(s.build().status, s.build().message, s.build().image,
                s.build().digest, p.source != null && SourceRules.sha256(p.source).equals(s.build().sourceSha256));
        RunFact run = null;
        if (p.runError != null) {
            run = new RunFact(null, null, null, p.runError, null);
        } else if (p.hasRun()) {
            PodFact pod = null;
            if (p.runExitCode != null) {
                pod = new PodFact(true, true, p.runExitCode, p.runExitReason, false);
            } else if (build != null && p.runImage.equals(build.image())) {
                pod = pods.read(p.runClusterId, new DemoPods.Applied(p.runNamespace, p.runPod, p.runUid, p.runContainer));
            }
            run = new RunFact(p.runImage, p.runNamespace, p.runPod, null, pod);
        }
        return new DemoFacts(cluster, p.source != null, build, run);
    }

    private DemoView store(DemoSnapshot s, DemoFacts facts, List<StepResult> steps) {
        UUID me = s.progress().userId;
        Instant now = clock.instant();
        DemoProgress p = DemoProgress.findById(me);
        if (p == null) {
            // Started over meanwhile: show the fresh start instead of writing into a deleted row.
            return progress();
        }
        p.clusterId = s.progress().clusterId;
        PodFact pod = facts.run() == null ? null : facts.run().podState();
        if (pod != null && pod.exitCode() != null && p.runExitCode == null && java.util.Objects.equals(p.runUid, s.progress().runUid)) {
            p.runExitCode = pod.exitCode();
            p.runExitReason = pod.detail();
        }
        List<StepView> views = new ArrayList<>(steps.size());
        DemoCli cli = cli(s);
        for (StepResult r : steps) {
            DemoStepRow row = s.stored().get(r.step().number());
            Instant since = row != null && row.state == r.state() ? row.since : now;
            if (row == null || row.state != r.state() || !java.util.Objects.equals(row.detail, r.detail())) {
                upsert(me, r, since);
            }
            views.add(new StepView(r.step().number(), r.step().key(), r.step().title(), r.state(), r.detail(), since,
                    cli.of(r.step())));
        }
        int done = (int) steps.stream().filter(StepResult::done).count();
        SeatOccupancy.update("stepsCompleted = ?1 where participantId = ?2 and leftAt is null and stepsCompleted <> ?1",
                done, me);
        String image = s.builtImage();
        return new DemoView(p.language, p.source != null ? p.source : DemoContent.source(p.language), p.source != null,
                DemoContent.fill(p.manifest, image == null ? DemoContent.IMAGE : image, s.registryNamespace()),
                p.manifest != null, p.clusterId, s.registryNamespace(), List.copyOf(views),
                s.build() == null ? null : BuildView.of(s.build()), RunView.of(p),
                steps.stream().anyMatch(r -> r.state() == StepState.RUNNING));
    }

    private static void upsert(UUID user, StepResult r, Instant since) {
        DemoStepRow.getEntityManager().createNativeQuery("""
                        INSERT INTO demo_step (user_id, number, state, detail, since) VALUES (:u, :n, :s, :d, :t)
                        ON CONFLICT (user_id, number) DO UPDATE SET state = EXCLUDED.state, detail = EXCLUDED.detail,
                            since = EXCLUDED.since""")
                .setParameter("u", user).setParameter("n", (short) r.step().number()).setParameter("s", r.state().name())
                .setParameter("d", r.detail()).setParameter("t", since).executeUpdate();
    }

    private DemoCli cli(DemoSnapshot s) {
        DemoProgress p = s.progress();
        String image = s.build() != null ? s.build().image
                : BuildService.REGISTRY + "/" + s.registryNamespace() + "/" + DemoContent.app(p.language) + ":1";
        return new DemoCli(s.cluster() == null ? null : s.cluster().id(), p.language, image,
                p.runNamespace != null ? p.runNamespace : DemoContent.NAMESPACE, p.runPod != null ? p.runPod : DemoContent.POD);
    }

    /** What stands in for the image when checking a manifest before anything is built. */
    private static String standInImage(DemoSnapshot s) {
        return s.builtImage() != null ? s.builtImage()
                : BuildService.REGISTRY + "/" + s.registryNamespace() + "/" + DemoContent.app(s.progress().language) + ":1";
    }
}
