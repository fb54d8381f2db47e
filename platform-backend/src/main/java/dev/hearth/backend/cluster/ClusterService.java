package dev.hearth.backend.cluster;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.identity.AppUser;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Durations;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Clusters of the calling user: request (with quota), list, get, delete, extend, events. Every
 * lookup goes through {@link #owned}, so another user's cluster is indistinguishable from none.
 */
@ApplicationScoped
public class ClusterService {

    /** Display names become part of the WASI node name ({@code <name>-wasi}), so they must be DNS labels. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

    private final Caller caller;
    private final ClusterPolicy policy;
    private final ClusterLifecycle lifecycle;
    private final QueuePositions queue;
    private final AuditLog audit;
    private final KubeconfigCipher kubeconfigs;
    private final Clock clock;

    public ClusterService(Caller caller, ClusterPolicy policy, ClusterLifecycle lifecycle, QueuePositions queue,
            AuditLog audit, KubeconfigCipher kubeconfigs, Clock clock) {
        this.caller = caller;
        this.policy = policy;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.audit = audit;
        this.kubeconfigs = kubeconfigs;
        this.clock = clock;
    }

    /** Parses {@code configText} (YAML or JSON, may be blank) and requests a cluster with it. */
    public ClusterView request(String name, String configText, String ttl) {
        return request(name, ClusterConfigurationParser.parse(configText), ttl);
    }

    /**
     * Requests a cluster. It waits as REQUESTED, with a queue position, until a host takes it.
     *
     * @param name   display name, or blank for the cluster's id
     * @param ttl    lifetime such as {@code 4h}; blank means the config's {@code ttl}, else the default
     * @throws ValidationProblem naming {@code name} or {@code ttl}
     * @throws ConflictProblem   when the caller already holds their quota of clusters
     */
    @Transactional
    public ClusterView request(String name, ClusterConfiguration config, String ttl) {
        Duration lifetime = lifetime(ttl, config);
        String displayName = name == null || name.isBlank() ? null : name.strip();
        if (displayName != null && !NAME.matcher(displayName).matches()) {
            throw ValidationProblem.of("name", "must be 1-40 lower-case letters, digits or '-', "
                    + "starting and ending with a letter or digit");
        }
        UUID owner = caller.userId();
        // Serialises this person's concurrent requests, so two at once cannot both slip under the quota.
        AppUser.findById(owner, LockModeType.PESSIMISTIC_WRITE);
        List<Cluster> held = Cluster.list("ownerId = ?1 and phase <> ?2 order by createdAt", owner, ClusterPhase.DELETED);
        int max = policy.quota().maxClustersPerUser();
        if (held.size() >= max) {
            throw new ConflictProblem("quota-exceeded", "Cluster quota reached",
                    "you already have " + held.size() + " clusters (" + String.join(", ", held.stream().map(c -> c.id).toList())
                            + ") and may hold at most " + max + "; delete one before requesting another");
        }
        Instant now = clock.instant();
        Cluster cluster = create(displayName, owner, config, now, now.plus(lifetime),
                "Requested; waiting for a host with capacity");
        audit.record(caller, Action.CLUSTER_CREATE, "cluster", cluster.id, "ttl=" + Durations.format(lifetime));
        return view(cluster, queue.of(List.of(cluster.id)));
    }

    /**
     * Requests a cluster for a classroom seat, which the classroom's own limits (its seats, the
     * instructor's seat limit) bound instead of a personal quota. The caller has checked that the
     * classroom is theirs to change and writes the audit row.
     *
     * @param owner the seat's participant, or null for a warm-pool cluster nobody holds yet
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Cluster requestForSeat(String name, UUID owner, ClusterConfiguration config, Instant expiresAt, String message) {
        return create(name, owner, config, clock.instant(), expiresAt, message);
    }

    private Cluster create(String name, UUID owner, ClusterConfiguration config, Instant now, Instant expiresAt,
            String message) {
        Duration lifetime = Duration.between(now, expiresAt);
        Cluster cluster = new Cluster();
        cluster.id = unusedId();
        cluster.name = name == null ? cluster.id : name;
        cluster.ownerId = owner;
        cluster.configure(config.withTtl(lifetime));
        cluster.generation = 1;
        cluster.createdAt = now;
        cluster.expiresAt = expiresAt;
        cluster.phase = ClusterPhase.REQUESTED;
        cluster.persistAndFlush();
        lifecycle.transition(cluster, ClusterPhase.REQUESTED, null, message);
        return cluster;
    }

    /** The caller's clusters, newest first; deleted ones are left out. */
    @Transactional
    public List<ClusterView> list() {
        List<Cluster> clusters = Cluster.list("ownerId = ?1 and phase <> ?2 order by createdAt desc, id",
                caller.userId(), ClusterPhase.DELETED);
        Map<String, Integer> positions = queue.of(clusters.stream().map(c -> c.id).toList());
        return clusters.stream().map(c -> view(c, positions)).toList();
    }

    @Transactional
    public ClusterView get(String id) {
        Cluster cluster = owned(id);
        return view(cluster, queue.of(List.of(id)));
    }

    /**
     * Starts deleting; deleting a cluster already on its way out changes nothing. The scheduler or an
     * agent's report may change the row at the same moment, so a stale version is retried, not a 500.
     */
    public ClusterView delete(String id) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> deleteOnce(id)));
    }

    private ClusterView deleteOnce(String id) {
        Cluster cluster = owned(id);
        if (cluster.phase != ClusterPhase.DELETING && cluster.phase != ClusterPhase.DELETED) {
            lifecycle.beginDeletion(cluster, "Deletion requested by " + caller.username());
            audit.record(caller, Action.CLUSTER_DELETE, "cluster", id, null);
        }
        return view(cluster, Map.of());
    }

    /**
     * Pushes the expiry {@code ttl} further out, from the current expiry (or from now, if that has
     * passed), as long as the result stays within the policy's maximum lifetime from now. Retried on a
     * stale version, like {@link #delete}.
     */
    public ClusterView extend(String id, String ttl) {
        Duration by = parseTtl(ttl);
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> extendBy(owned(id), by)));
    }

    /**
     * {@link #extend(String, String)} for a cluster the caller may change without owning it (a
     * classroom's instructor extending a seat's cluster); the caller has checked that and owns the
     * transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ClusterView extend(Cluster cluster, String ttl) {
        return extendBy(cluster, parseTtl(ttl));
    }

    private ClusterView extendBy(Cluster cluster, Duration by) {
        String id = cluster.id;
        if (!cluster.phase.isLive()) {
            throw new ConflictProblem("cluster-not-extendable", "Cluster cannot be extended",
                    "cluster " + id + " is " + cluster.phase + "; only live clusters can be extended");
        }
        Instant now = clock.instant();
        Instant from = cluster.expiresAt.isAfter(now) ? cluster.expiresAt : now;
        Instant limit = now.plus(policy.ttl().max());
        Instant wanted = from.plus(by);
        if (wanted.isAfter(limit)) {
            Duration room = Duration.between(from, limit);
            throw ValidationProblem.of("ttl", "extending by " + Durations.format(by) + " would pass the policy limit of "
                    + Durations.format(policy.ttl().max()) + " from now; "
                    + (room.isPositive() ? "at most " + Durations.format(room.withNanos(0)) + " more is allowed"
                            : "it cannot be extended further yet"));
        }
        cluster.expiresAt = wanted;
        lifecycle.record(cluster, "Extended by " + Durations.format(by) + "; now expires at " + wanted);
        audit.record(caller, Action.CLUSTER_EXTEND, "cluster", id, "by=" + Durations.format(by));
        return view(cluster, queue.of(List.of(id)));
    }

    /** Lifecycle events after {@code afterId} (0 for all), oldest first. */
    @Transactional
    public List<ClusterEventView> events(String id, long afterId) {
        owned(id);
        return ClusterEvent.after(id, afterId).stream().map(ClusterEventView::of).toList();
    }

    /** The phase of one of the caller's clusters, for streams that stop once it is gone. */
    @Transactional
    public ClusterPhase phase(String id) {
        return owned(id).phase;
    }

    /**
     * The admin kubeconfig, as the cluster's agent delivered it (stored encrypted, docs/agent-channel.md).
     *
     * @throws ConflictProblem until the cluster is READY with its credentials stored
     */
    @Transactional
    public String kubeconfig(String id) {
        return kubeconfigOf(owned(id));
    }

    /**
     * The host of one of the caller's clusters, once READY: what reaches into the cluster through that
     * host's agent channel (the app proxy's tunnels) asks this, as the API-server paths ask {@link #kubeconfig}.
     *
     * @throws ConflictProblem until the cluster is READY on a host
     */
    @Transactional
    public UUID readyHost(String id) {
        Cluster cluster = owned(id);
        if (cluster.phase != ClusterPhase.READY || cluster.hostId == null) {
            throw new ConflictProblem("cluster-not-ready", "Cluster not ready", "cluster " + id + " is " + cluster.phase);
        }
        return cluster.hostId;
    }

    /**
     * The admin kubeconfig of a cluster whose reader the caller has authorized some other way (a
     * classroom's instructor reading a seat's cluster); {@link #kubeconfig} checks ownership itself.
     * Run inside a transaction.
     *
     * @throws ConflictProblem until the cluster is READY with its credentials stored
     */
    public String kubeconfigOf(Cluster cluster) {
        String id = cluster.id;
        if (cluster.phase != ClusterPhase.READY || cluster.kubeconfigCiphertext == null) {
            throw new ConflictProblem("cluster-not-ready", "Cluster not ready",
                    "cluster " + id + " is " + cluster.phase + "; its kubeconfig is available once it is READY");
        }
        return kubeconfigs.decrypt(cluster.id, cluster.kubeconfigCiphertext);
    }

    private Cluster owned(String id) {
        Cluster cluster = id == null ? null : Cluster.findById(id);
        if (cluster == null || !caller.userId().equals(cluster.ownerId)) {
            throw new NotFoundProblem("cluster", id);
        }
        return cluster;
    }

    private Duration lifetime(String ttl, ClusterConfiguration config) {
        Duration lifetime = ttl != null && !ttl.isBlank() ? parseTtl(ttl) : config.ttl().orElse(policy.ttl().defaultTtl());
        if (lifetime.compareTo(policy.ttl().max()) > 0) {
            throw ValidationProblem.of("ttl", Durations.format(lifetime) + " is longer than the policy maximum of "
                    + Durations.format(policy.ttl().max()));
        }
        return lifetime;
    }

    private static Duration parseTtl(String ttl) {
        try {
            return Durations.parse(ttl);
        } catch (IllegalArgumentException e) {
            throw ValidationProblem.of("ttl", e.getMessage());
        }
    }

    private static String unusedId() {
        for (int attempt = 0; attempt < 10; attempt++) {
            String id = ClusterIds.next();
            if (Cluster.findById(id) == null) {
                return id;
            }
        }
        throw new IllegalStateException("failed to find an unused cluster id in 10 attempts");
    }

    private static ClusterView view(Cluster c, Map<String, Integer> positions) {
        String host = c.hostId == null ? null : Host.<Host>findByIdOptional(c.hostId).map(h -> h.name).orElse(null);
        return new ClusterView(c.id, c.name, c.phase, c.step, c.message, host, c.apiEndpoint, positions.get(c.id),
                ClusterConfigurationParser.toYaml(c.configuration()), c.createdAt, c.expiresAt);
    }
}
