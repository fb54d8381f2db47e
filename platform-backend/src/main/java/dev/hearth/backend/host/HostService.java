package dev.hearth.backend.host;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Role;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Hosts for operators: list with capacity, enrol a new one (its agent token and join command shown
 * once), drain one (no new clusters), retire a drained, empty one (its token revoked, kept in history).
 */
@ApplicationScoped
public class HostService {

    /** Agent tokens get their own prefix so one can never be mistaken for (or used as) an API token. */
    public static final String AGENT_TOKEN_PREFIX = "hha_";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,61}[a-z0-9])?");

    /** What an operator declares at enrolment; a null field takes the default of a 24 GiB, 2-core host. */
    public record Capacity(Integer memoryMib, Integer cpuMillis, Integer maxClusters) {
    }

    private final Caller caller;
    private final AuditLog audit;
    private final Clock clock;
    private final JoinCommand joinCommand;
    private final EntityManager em;

    public HostService(Caller caller, AuditLog audit, Clock clock, JoinCommand joinCommand, EntityManager em) {
        this.caller = caller;
        this.audit = audit;
        this.clock = clock;
        this.joinCommand = joinCommand;
        this.em = em;
    }

    /** Hosts in service first (by name), then retired ones, newest retirement first. */
    @Transactional
    public List<HostView> list() {
        requireAdmin();
        return Host.<Host>list("order by retiredAt desc nulls first, name").stream().map(HostView::of).toList();
    }

    @Transactional
    public HostView get(UUID id) {
        requireAdmin();
        return HostView.of(find(id));
    }

    /**
     * The scheduler places nothing new on the host from now on; the clusters it holds run to their end.
     * Idempotent: draining a drained host keeps the first time.
     */
    @Transactional
    public HostView drain(UUID id) {
        requireAdmin();
        Host host = find(id);
        requireNotRetired(host, "drained");
        if (host.drainedAt == null) {
            host.drainedAt = clock.instant();
            audit.record(caller, Action.HOST_DRAIN, "host", host.id.toString(), "name=" + host.name);
        }
        return HostView.of(host);
    }

    /** Takes a drained host back into scheduling (the next pass, within {@code hearth.scheduling.every}). */
    @Transactional
    public HostView undrain(UUID id) {
        requireAdmin();
        Host host = find(id);
        requireNotRetired(host, "taken back into scheduling");
        if (host.drainedAt != null) {
            host.drainedAt = null;
            audit.record(caller, Action.HOST_UNDRAIN, "host", host.id.toString(), "name=" + host.name);
        }
        return HostView.of(host);
    }

    /**
     * Retires a drained host that holds no cluster any more: its token is revoked (the agent is refused
     * from its next heartbeat or connection on) and the scheduler never considers it again. The row
     * stays, with its clusters' history, and keeps its name.
     */
    @Transactional
    public HostView retire(UUID id) {
        requireAdmin();
        // Locked: a scheduling pass that placed a cluster here before the drain holds a key-share lock
        // on this row (the cluster's foreign key) until it commits, so the count below sees that cluster.
        Host host = Host.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (host == null) {
            throw new NotFoundProblem("host", id.toString());
        }
        if (host.retiredAt != null) {
            return HostView.of(host);
        }
        if (host.drainedAt == null) {
            throw new ConflictProblem("host-not-drained", "Host not drained",
                    "drain host '" + host.name + "' first, and retire it once its clusters are gone");
        }
        long holding = holdingClusters(id);
        if (holding > 0) {
            throw new ConflictProblem("host-not-empty", "Host still holds clusters",
                    "host '" + host.name + "' still holds " + holding + (holding == 1 ? " cluster" : " clusters")
                            + "; retire it once they have ended or been deleted");
        }
        Instant now = clock.instant();
        host.retiredAt = now;
        host.revokedAt = now;
        audit.record(caller, Action.HOST_RETIRE, "host", host.id.toString(), "name=" + host.name);
        return HostView.of(host);
    }

    /**
     * Enrols a host. Its agent connects with the returned token, which is stored only as a hash.
     *
     * @param capacity null fields take defaults (24576 MiB, 2000 millicores, 50 clusters)
     */
    @Transactional
    public HostView enrol(String name, Capacity capacity) {
        requireAdmin();
        Capacity given = capacity == null ? new Capacity(null, null, null) : capacity;
        List<FieldError> errors = new ArrayList<>();
        String hostName = name == null ? "" : name.strip();
        if (!NAME.matcher(hostName).matches()) {
            errors.add(new FieldError("name", "must be a DNS name: lower-case letters, digits, '-' and '.', at most 63"));
        }
        int memory = positive(given.memoryMib(), 24576, "capacity.memoryMib", errors);
        int cpu = positive(given.cpuMillis(), 2000, "capacity.cpuMillis", errors);
        int clusters = positive(given.maxClusters(), 50, "capacity.maxClusters", errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        if (Host.count("name", hostName) > 0) {
            throw new ConflictProblem("host-exists", "Host already enrolled", "a host named '" + hostName + "' is already enrolled");
        }
        String agentToken = Secrets.generate(AGENT_TOKEN_PREFIX, 40);
        Host host = new Host();
        host.id = UUID.randomUUID();
        host.name = hostName;
        host.status = HostStatus.PENDING;
        host.agentTokenHash = Secrets.sha256(agentToken);
        host.memoryMib = memory;
        host.cpuMillis = cpu;
        host.maxClusters = clusters;
        host.enrolledMemoryMib = memory;
        host.enrolledCpuMillis = cpu;
        host.enrolledMaxClusters = clusters;
        host.enrolledAt = clock.instant();
        host.persist();
        audit.record(caller, Action.HOST_ENROL, "host", host.id.toString(), "name=" + hostName);
        return HostView.of(host, agentToken, joinCommand.forToken(agentToken));
    }

    private static Host find(UUID id) {
        Host host = Host.findById(id);
        if (host == null) {
            throw new NotFoundProblem("host", id.toString());
        }
        return host;
    }

    private static void requireNotRetired(Host host, String what) {
        if (host.retiredAt != null) {
            throw new ConflictProblem("host-retired", "Host retired",
                    "host '" + host.name + "' was retired at " + host.retiredAt + " and cannot be " + what);
        }
    }

    /**
     * Clusters still on the host: every phase but DELETED and LOST (those are over as far as the host
     * is concerned) — the phases ClusterPhase.holdsCapacity names, read here without the cluster package,
     * which depends on this one.
     */
    private long holdingClusters(UUID hostId) {
        return ((Number) em.createNativeQuery("""
                SELECT count(*) FROM cluster WHERE host_id = :id AND phase IN ('SCHEDULED', 'PROVISIONING', 'READY',
                    'FAILED', 'DELETING')""").setParameter("id", hostId).getSingleResult()).longValue();
    }

    private void requireAdmin() {
        // The HTTP policy already restricts /api/v1/hosts; pages call this service directly, so check here too.
        if (!caller.hasRole(Role.ADMIN)) {
            throw new ProblemException(403, "forbidden", "Forbidden", "managing hosts needs the admin role");
        }
    }

    private static int positive(Integer value, int fallback, String field, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            errors.add(new FieldError(field, "must be greater than zero"));
        }
        return value;
    }
}
