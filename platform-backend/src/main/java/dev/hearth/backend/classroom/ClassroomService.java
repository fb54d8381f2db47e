package dev.hearth.backend.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.ClusterConfiguration;
import dev.hearth.backend.cluster.ClusterConfigurationParser;
import dev.hearth.backend.cluster.ClusterPolicy;
import dev.hearth.backend.identity.AppUser;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Durations;
import dev.hearth.backend.support.Retry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Classrooms as their instructor runs them: create (within the per-instructor limits), list, the
 * board, pre-provision every seat, the join code (new, revoke) and the end of the class. Every
 * lookup goes through {@link ClassroomAccess}; every change writes an audit row.
 */
@ApplicationScoped
public class ClassroomService {

    private static final Set<String> TRACKS = Set.of("rust", "c");

    private final Caller caller;
    private final ClassroomAccess access;
    private final ClassroomBoard board;
    private final SeatClusters seatClusters;
    private final ClassroomEnding ending;
    private final ClassroomSettings settings;
    private final ClusterPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public ClassroomService(Caller caller, ClassroomAccess access, ClassroomBoard board, SeatClusters seatClusters,
            ClassroomEnding ending, ClassroomSettings settings, ClusterPolicy policy, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.access = access;
        this.board = board;
        this.seatClusters = seatClusters;
        this.ending = ending;
        this.settings = settings;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a classroom with its seats and a join code. Nothing is provisioned yet: that happens
     * when the instructor pre-provisions, or seat by seat as participants join.
     *
     * @throws ValidationProblem naming each bad field
     * @throws ConflictProblem   when the instructor's classroom or seat limit would be passed
     */
    @Transactional
    public ClassroomView create(ClassroomRequest request, URI base) {
        access.requireInstructor();
        ClassroomRequest r = request == null
                ? new ClassroomRequest(null, null, null, null, null, null, null, null, null) : request;
        List<FieldError> errors = new ArrayList<>();
        Instant now = clock.instant();
        String name = r.name() == null ? "" : r.name().strip();
        if (name.isEmpty() || name.length() > 80) {
            errors.add(new FieldError("name", "must be 1-80 characters"));
        }
        int max = settings.maxSeatsPerClassroom();
        if (r.seats() == null || r.seats() < 1 || r.seats() > max) {
            errors.add(new FieldError("seats", "must be between 1 and " + max));
        }
        times(r.startsAt(), r.endsAt(), now, errors);
        ClusterConfiguration config = config(r.config(), errors);
        Duration ttl = ttl(r.ttl(), errors);
        String track = r.demoTrack() == null || r.demoTrack().isBlank() ? null : r.demoTrack().strip().toLowerCase();
        if (track != null && !TRACKS.contains(track)) {
            errors.add(new FieldError("demoTrack", "must be rust or c"));
        }
        codeTerms(r.codeMaxUses(), r.codeExpiresAt(), r.endsAt(), now, "codeMaxUses", "codeExpiresAt", errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        UUID instructor = caller.userId();
        // Serialises this instructor's concurrent creations, so two at once cannot both pass the limits.
        AppUser.findById(instructor, LockModeType.PESSIMISTIC_WRITE);
        limits(instructor, r.seats());

        Classroom c = new Classroom();
        c.id = UUID.randomUUID();
        c.name = name;
        c.instructorId = instructor;
        c.seatCount = r.seats();
        c.startsAt = r.startsAt();
        c.endsAt = r.endsAt();
        c.configure(config);
        c.ttlSeconds = ttl == null ? null : ttl.toSeconds();
        c.demoTrack = track;
        c.createdAt = now;
        newCode(c, r.codeMaxUses(), r.codeExpiresAt());
        c.persist();
        for (int n = 1; n <= c.seatCount; n++) {
            Seat seat = new Seat();
            seat.id = UUID.randomUUID();
            seat.classroomId = c.id;
            seat.number = n;
            seat.persist();
        }
        audit.record(caller, Action.CLASSROOM_CREATE, "classroom", c.id.toString(),
                "name=" + c.name + " seats=" + c.seatCount);
        return board.of(c, base);
    }

    /** Classrooms the caller runs (an admin: all), newest first, without their seats. */
    @Transactional
    public List<ClassroomView> list(URI base) {
        List<Classroom> rows = caller.isAdmin() ? Classroom.list("order by createdAt desc")
                : Classroom.list("instructorId = ?1 order by createdAt desc", caller.userId());
        return rows.stream().map(c -> board.summaryOf(c, base)).toList();
    }

    @Transactional
    public ClassroomView get(String id, URI base) {
        return board.of(access.managed(id), base);
    }

    /**
     * Requests a cluster for every seat that has none (or only a failed one), all at once: the
     * scheduler places them over the hosts by capacity and starts a few at a time per host, so they
     * come up in waves. Seats taken by then get clusters owned by their participant, the rest join
     * the warm pool.
     */
    @Transactional
    public ClassroomView provision(String id, URI base) {
        Classroom c = access.managedForUpdate(id);
        open(c, "pre-provisioned");
        int requested = 0;
        for (Seat seat : Seat.of(c.id)) {
            var current = SeatClusters.live(seat);
            if (current.isPresent() && SeatClusters.usable(current.get())) {
                continue;
            }
            seatClusters.retire(seat, "Replaced: seat " + seat.number + " is being pre-provisioned afresh");
            seatClusters.request(c, seat, "Pre-provisioning seat " + seat.number + " of " + c.name);
            requested++;
        }
        c.provisionedAt = clock.instant();
        audit.record(caller, Action.CLASSROOM_PROVISION, "classroom", c.id.toString(), "requested=" + requested);
        return board.of(c, base);
    }

    /** A new join code replaces the old one, which stops working at once; uses count from zero. */
    @Transactional
    public ClassroomView newJoinCode(String id, CodeRequest request, URI base) {
        Classroom c = access.managedForUpdate(id);
        open(c, "given a new join code");
        Integer maxUses = request == null ? null : request.maxUses();
        Instant expiresAt = request == null ? null : request.expiresAt();
        List<FieldError> errors = new ArrayList<>();
        codeTerms(maxUses, expiresAt, c.endsAt, clock.instant(), "maxUses", "expiresAt", errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        newCode(c, maxUses, expiresAt);
        audit.record(caller, Action.CLASSROOM_CODE_ROTATE, "classroom", c.id.toString(), null);
        return board.of(c, base);
    }

    /** Revokes the join code: nobody new can join until a new one is made; seated people stay. */
    @Transactional
    public ClassroomView revokeJoinCode(String id, URI base) {
        Classroom c = access.managedForUpdate(id);
        if (c.codeRevokedAt == null) {
            c.codeRevokedAt = clock.instant();
            audit.record(caller, Action.CLASSROOM_CODE_REVOKE, "classroom", c.id.toString(), null);
        }
        return board.of(c, base);
    }

    /**
     * Ends the class now: see {@link ClassroomEnding}. Ending an ended class changes nothing. Its seats'
     * clusters may be changed by the scheduler or their agents at the same moment, so a stale version
     * is retried, not a 500.
     */
    public ClassroomView end(String id, URI base) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> endOnce(id, base)));
    }

    private ClassroomView endOnce(String id, URI base) {
        Classroom c = access.managedForUpdate(id);
        if (!c.ended()) {
            int clusters = ending.end(c, "Class " + c.name + " ended by " + caller.username());
            audit.record(caller, Action.CLASSROOM_END, "classroom", c.id.toString(), "clusters=" + clusters);
        }
        return board.of(c, base);
    }

    static void open(Classroom c, String what) {
        if (c.ended()) {
            throw new ProblemException(409, "classroom-ended", "Classroom has ended",
                    "classroom '" + c.name + "' ended at " + c.endedAt + "; it cannot be " + what);
        }
    }

    private void limits(UUID instructor, int seats) {
        List<Classroom> open = Classroom.list("instructorId = ?1 and endedAt is null", instructor);
        int maxRooms = settings.maxClassroomsPerInstructor();
        if (open.size() >= maxRooms) {
            throw new ConflictProblem("classroom-limit", "Classroom limit reached",
                    "you already run " + open.size() + " open classrooms and may run at most " + maxRooms
                            + " at once; end one before creating another");
        }
        int held = open.stream().mapToInt(c -> c.seatCount).sum();
        int maxSeats = settings.maxSeatsPerInstructor();
        if (held + seats > maxSeats) {
            throw new ConflictProblem("seat-limit", "Seat limit reached",
                    "your open classrooms hold " + held + " seats; " + seats + " more would pass your limit of "
                            + maxSeats + " (at most " + Math.max(0, maxSeats - held) + " more)");
        }
    }

    private void newCode(Classroom c, Integer maxUses, Instant expiresAt) {
        String code = JoinCodes.next();
        while (Classroom.count("joinCode", code) > 0) {
            code = JoinCodes.next();
        }
        c.joinCode = code;
        c.codeMaxUses = maxUses == null ? c.seatCount : maxUses;
        c.codeExpiresAt = expiresAt == null ? c.endsAt : expiresAt;
        c.codeUses = 0;
        c.codeRevokedAt = null;
    }

    private void times(Instant startsAt, Instant endsAt, Instant now, List<FieldError> errors) {
        if (startsAt == null) {
            errors.add(new FieldError("startsAt", "is required (ISO-8601, e.g. 2026-05-04T09:00:00Z)"));
        }
        if (endsAt == null) {
            errors.add(new FieldError("endsAt", "is required (ISO-8601, e.g. 2026-05-04T13:00:00Z)"));
        } else if (!endsAt.isAfter(now)) {
            errors.add(new FieldError("endsAt", "must be in the future"));
        }
        if (startsAt != null && endsAt != null) {
            if (!endsAt.isAfter(startsAt)) {
                errors.add(new FieldError("endsAt", "must be after startsAt"));
            } else if (Duration.between(startsAt, endsAt).compareTo(settings.maxLength()) > 0) {
                errors.add(new FieldError("endsAt", "a class may last at most " + Durations.format(settings.maxLength())));
            }
        }
    }

    private static ClusterConfiguration config(JsonNode config, List<FieldError> errors) {
        try {
            return config != null && config.isTextual() ? ClusterConfigurationParser.parse(config.textValue())
                    : ClusterConfigurationParser.parse(config);
        } catch (ValidationProblem problem) {
            // The parser names paths inside the document; here they sit under the request's config member.
            problem.errors().forEach(e -> errors.add(new FieldError(
                    e.field().equals("config") ? "config" : "config." + e.field(), e.message())));
            return null;
        }
    }

    private Duration ttl(String ttl, List<FieldError> errors) {
        if (ttl == null || ttl.isBlank()) {
            return null;
        }
        try {
            Duration parsed = Durations.parse(ttl);
            if (parsed.compareTo(policy.ttl().max()) > 0) {
                errors.add(new FieldError("ttl", Durations.format(parsed) + " is longer than the policy maximum of "
                        + Durations.format(policy.ttl().max())));
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("ttl", e.getMessage()));
            return null;
        }
    }

    private static void codeTerms(Integer maxUses, Instant expiresAt, Instant endsAt, Instant now, String usesField,
            String expiryField, List<FieldError> errors) {
        if (maxUses != null && maxUses < 1) {
            errors.add(new FieldError(usesField, "must be at least 1"));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            errors.add(new FieldError(expiryField, "must be in the future"));
        } else if (expiresAt != null && endsAt != null && expiresAt.isAfter(endsAt)) {
            errors.add(new FieldError(expiryField, "must not be after the end of the class"));
        }
    }
}
