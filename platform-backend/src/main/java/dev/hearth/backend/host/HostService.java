package dev.hearth.backend.host;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Role;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Hosts for operators: list with capacity, enrol a new one (its agent token shown once). */
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

    public HostService(Caller caller, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public List<HostView> list() {
        requireAdmin();
        return Host.<Host>list("order by name").stream().map(h -> HostView.of(h, null)).toList();
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
        return HostView.of(host, agentToken);
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
