package dev.hearth.backend.demo;

import dev.hearth.backend.agent.AgentMailbox;
import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.identity.AppUser;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.RegistryNamespaces;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds of the caller's source (docs/architecture.md, "The backend" {@code POST /api/v1/demo/builds}): validated, limited per
 * person, given an image reference inside the caller's own registry namespace — the request cannot
 * name one — and handed to the cluster's host through the agent mailbox in the same transaction.
 */
@ApplicationScoped
public class BuildService {

    /** The cluster-side name of every host's registry (docs/guided-demo.md). */
    static final String REGISTRY = "hearth-registry:5000";
    private static final List<BuildStatus> OPEN = List.of(BuildStatus.QUEUED, BuildStatus.RUNNING);

    private final Caller caller;
    private final DemoClusters clusters;
    private final RegistryNamespaces namespaces;
    private final AgentMailbox mailbox;
    private final DemoSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    public BuildService(Caller caller, DemoClusters clusters, RegistryNamespaces namespaces, AgentMailbox mailbox,
            DemoSettings settings, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.clusters = clusters;
        this.namespaces = namespaces;
        this.mailbox = mailbox;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Starts a build of {@code source} on the caller's cluster's host, and saves the source as their
     * demo's (a build is also a save).
     *
     * @throws dev.hearth.backend.problem.ValidationProblem naming {@code language} or {@code source}
     * @throws ConflictProblem when there is no READY cluster to build on
     * @throws ProblemException 429 when the caller already has their limit of builds running
     */
    @Transactional
    public Build start(String language, String source, String clusterId) {
        BuildLanguage lang = SourceRules.check(language, source);
        DemoProgress progress = DemoProgressStore.ensure(caller.userId(), clock.instant());
        Build build = queue(progress, clusterId, lang, source, DemoContent.app(lang));
        progress.language = lang;
        progress.source = source;
        progress.lastBuildId = build.id;
        return build;
    }

    /**
     * Starts a build of the web variant of the caller's saved source (step 7): the WAGI template of their
     * language with the greeting of their source. Their saved source itself is left as it is.
     *
     * @throws ConflictProblem when there is no READY cluster to build on
     * @throws ProblemException 429 when the caller already has their limit of builds running
     */
    @Transactional
    public Build startWeb(String clusterId) {
        DemoProgress progress = DemoProgressStore.ensure(caller.userId(), clock.instant());
        String source = webSource(progress);
        Build build = queue(progress, clusterId, progress.language, source, DemoContent.webApp(progress.language));
        progress.webBuildId = build.id;
        return build;
    }

    /** The web variant of {@code progress}'s saved source: what {@link #startWeb} builds. */
    static String webSource(DemoProgress progress) {
        return DemoContent.webSource(progress.language, DemoContent.greetingLiteral(progress.language, progress.source));
    }

    private Build queue(DemoProgress progress, String clusterId, BuildLanguage lang, String source, String app) {
        UUID owner = progress.userId;
        ClusterView view = clusters.choose(clusterId, progress.clusterId).orElseThrow(() -> new ConflictProblem(
                "no-cluster", "No cluster", "you have no cluster to build on; request one first"));
        Cluster cluster = clusters.requireReady(view);
        // Serialises this person's builds, so two at once cannot both slip under the limit or take one tag.
        AppUser.findById(owner, LockModeType.PESSIMISTIC_WRITE);
        long open = Build.count("ownerId = ?1 and status in ?2", owner, OPEN);
        if (open >= settings.maxRunningBuilds()) {
            throw new ProblemException(429, "too-many-builds", "Too many builds",
                    "you have " + open + " builds queued or running and may have at most " + settings.maxRunningBuilds()
                            + " at once; wait for one to finish");
        }
        Instant now = clock.instant();
        Build build = new Build();
        build.id = UUID.randomUUID();
        build.ownerId = owner;
        build.clusterId = cluster.id;
        build.hostId = cluster.hostId;
        build.language = lang;
        build.sourceSha256 = SourceRules.sha256(source);
        build.tagNumber = nextTag(owner);
        build.image = REGISTRY + "/" + namespaces.of(owner) + "/" + app + ":" + build.tagNumber;
        build.status = BuildStatus.QUEUED;
        build.createdAt = now;
        build.expiresAt = cluster.expiresAt;
        build.persist();
        progress.clusterId = cluster.id;
        progress.updatedAt = now;
        mailbox.send(cluster.hostId, new BuildRequest(build.id.toString(), cluster.id, lang, source, build.image));
        audit.record(caller, Action.DEMO_BUILD, "build", build.id.toString(), "cluster=" + cluster.id + " image=" + build.image);
        return build;
    }

    /** One of the caller's builds; another person's is a 404. */
    @Transactional
    public Build get(UUID id) {
        Build build = id == null ? null : Build.findById(id);
        if (build == null || !build.ownerId.equals(caller.userId())) {
            throw new NotFoundProblem("build", String.valueOf(id));
        }
        return build;
    }

    /** {@link #get(UUID)} from the path's text, so a malformed id is the same 404 as an unknown one. */
    public Build get(String id) {
        try {
            return get(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("build", id);
        }
    }

    private static int nextTag(UUID owner) {
        Integer max = Build.getEntityManager()
                .createQuery("select max(b.tagNumber) from Build b where b.ownerId = :o", Integer.class)
                .setParameter("o", owner).getSingleResult();
        return max == null ? 1 : max + 1;
    }
}
