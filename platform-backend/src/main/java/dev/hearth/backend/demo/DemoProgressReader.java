package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.demo.DemoFacts.BuildFact;
import dev.hearth.backend.demo.DemoFacts.ClusterFact;
import dev.hearth.backend.demo.DemoFacts.NodeCheck;
import dev.hearth.backend.demo.DemoFacts.PodFact;
import dev.hearth.backend.demo.DemoFacts.RunFact;
import dev.hearth.backend.demo.DemoFacts.AppCheck;
import dev.hearth.backend.demo.DemoFacts.WebFact;
import dev.hearth.protocol.BuildStatus;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.RegistryNamespaces;
import dev.hearth.backend.portal.PublicUrl;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the caller's progress into a {@link DemoView}: the database first, then — outside any
 * transaction — the cluster, but only for what the stored steps do not settle (the WASI node until
 * step 1 is DONE for that cluster, the pod until its container terminated), then the evaluated steps
 * are stored with the time each state was entered and the DONE count is announced
 * ({@link DemoStepsDone}; a classroom puts it on the participant's seat). A settled demo costs a few queries and no cluster call, so pages may poll it.
 */
@ApplicationScoped
public class DemoProgressReader {

    private final Caller caller;
    private final DemoClusters clusters;
    private final RegistryNamespaces namespaces;
    private final DemoPods pods;
    private final Clock clock;
    private final PublicUrl portal;
    private final Event<DemoStepsDone> stepsDone;
    private final DemoWebApps webApps;

    public DemoProgressReader(Caller caller, DemoClusters clusters, RegistryNamespaces namespaces, DemoPods pods,
            Clock clock, PublicUrl portal, Event<DemoStepsDone> stepsDone, DemoWebApps webApps) {
        this.webApps = webApps;
        this.stepsDone = stepsDone;
        this.portal = portal;
        this.caller = caller;
        this.clusters = clusters;
        this.namespaces = namespaces;
        this.pods = pods;
        this.clock = clock;
    }

    /** The caller's progress, every step evaluated; the first call starts their demo. */
    public DemoView read() {
        DemoSnapshot snapshot = QuarkusTransaction.requiringNew().call(this::snapshot);
        DemoFacts facts = facts(snapshot);
        List<StepResult> steps = DemoSteps.evaluate(facts);
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> store(snapshot, facts, steps)));
    }

    /** The database's part; the chosen cluster is remembered. */
    DemoSnapshot snapshot() {
        UUID me = caller.userId();
        DemoProgress p = DemoProgressStore.ensure(me, clock.instant());
        ClusterView cluster = clusters.choose(null, p.clusterId).orElse(null);
        String clusterId = cluster == null ? null : cluster.id();
        boolean changed = !Objects.equals(clusterId, p.clusterId);
        if (changed) {
            p.clusterId = clusterId;
        }
        Build build = p.lastBuildId == null ? null : Build.findById(p.lastBuildId);
        Map<Integer, DemoStepRow> stored = DemoStepRow.of(me).stream()
                .collect(Collectors.toMap(r -> (int) r.number, Function.identity()));
        DemoProgress.getEntityManager().detach(p);
        Build webBuild = p.webBuildId == null ? null : Build.findById(p.webBuildId);
        return new DemoSnapshot(p, cluster, changed, build, namespaces.of(me), stored, webBuild);
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
        return new DemoFacts(cluster, p.source != null, build, run, web(s));
    }

    /** Step 7's facts; the app is asked only once its image is applied and until it answered right. */
    private WebFact web(DemoSnapshot s) {
        DemoProgress p = s.progress();
        Build b = s.webBuild();
        if (b == null) {
            return null;
        }
        String greeting = DemoContent.greetingText(DemoContent.greetingLiteral(p.language, p.source));
        BuildFact build = new BuildFact(b.status, b.message, b.image, b.digest,
                p.source != null && b.language == p.language && SourceRules.sha256(BuildService.webSource(p)).equals(b.sourceSha256));
        String url = DemoWebApps.url(p.webClusterId != null ? p.webClusterId : b.clusterId);
        AppCheck answer = null;
        if (p.webImage != null && p.webImage.equals(b.image) && build.currentSource() && b.status == BuildStatus.SUCCEEDED) {
            answer = p.webVerifiedAt != null ? new AppCheck(true, 200, true, "it answered 200")
                    : webApps.check(p.webClusterId, greeting);
        }
        return new WebFact(build, p.webImage, p.webError, url, answer);
    }

    private DemoView store(DemoSnapshot s, DemoFacts facts, List<StepResult> steps) {
        UUID me = s.progress().userId;
        Instant now = clock.instant();
        DemoProgress p = DemoProgress.findById(me);
        if (p == null) {
            // Started over meanwhile: show the fresh start instead of writing into a deleted row.
            return read();
        }
        p.clusterId = s.progress().clusterId;
        WebFact web = facts.web();
        if (web != null && web.answer() != null && web.answer().ok() && p.webVerifiedAt == null
                && Objects.equals(p.webImage, s.progress().webImage)) {
            p.webVerifiedAt = now;
        }
        PodFact pod = facts.run() == null ? null : facts.run().podState();
        if (pod != null && pod.exitCode() != null && p.runExitCode == null && Objects.equals(p.runUid, s.progress().runUid)) {
            p.runExitCode = pod.exitCode();
            p.runExitReason = pod.detail();
        }
        List<StepView> views = new ArrayList<>(steps.size());
        DemoCli cli = cli(s);
        for (StepResult r : steps) {
            DemoStepRow row = s.stored().get(r.step().number());
            Instant since = row != null && row.state == r.state() ? row.since : now;
            if (row == null || row.state != r.state() || !Objects.equals(row.detail, r.detail())) {
                upsert(me, r, since);
            }
            views.add(new StepView(r.step().number(), r.step().key(), r.step().title(), r.state(), r.detail(), since,
                    cli.of(r.step())));
        }
        int done = (int) steps.stream().filter(StepResult::done).count();
        stepsDone.fire(new DemoStepsDone(me, done));
        String image = s.builtImage();
        return new DemoView(p.language, p.source != null ? p.source : DemoContent.source(p.language), p.source != null,
                DemoContent.fill(p.manifest, image == null ? DemoContent.IMAGE : image, s.registryNamespace()),
                p.manifest != null, p.clusterId, s.registryNamespace(), List.copyOf(views),
                s.build() == null ? null : BuildView.of(s.build()), RunView.of(p), WebAppView.of(p, s.webBuild()),
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
        return new DemoCli(PublicUrl.base(portal), s.cluster(), p.language, image,
                p.runNamespace != null ? p.runNamespace : DemoContent.NAMESPACE, p.runPod != null ? p.runPod : DemoContent.POD);
    }

}
