package dev.hearth.backend.classroom;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.ratelimit.RateLimits;
import dev.hearth.backend.ratelimit.RateLimits.Guess;
import dev.hearth.backend.ratelimit.TooManyAttemptsProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Seats: a participant joins with the code and gets a seat with its cluster (a warm one at once, if
 * the class was pre-provisioned); the instructor resets a seat's cluster, extends it, or removes the
 * participant. Joins lock the classroom row, so the use limit and the seats are never over-given.
 */
@ApplicationScoped
public class SeatService {

    /** Free seats in the order a joiner gets them: a READY cluster first, then one on its way, then none. */
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingInt(Candidate::rank)
            .thenComparingInt(c -> c.seat().number);

    private final Caller caller;
    private final ClassroomAccess access;
    private final ClassroomBoard board;
    private final SeatClusters seatClusters;
    private final ClusterService clusters;
    private final AuditLog audit;
    private final Clock clock;
    private final RateLimits limits;

    public SeatService(Caller caller, ClassroomAccess access, ClassroomBoard board, SeatClusters seatClusters,
            ClusterService clusters, AuditLog audit, Clock clock, RateLimits limits) {
        this.limits = limits;
        this.caller = caller;
        this.access = access;
        this.board = board;
        this.seatClusters = seatClusters;
        this.clusters = clusters;
        this.audit = audit;
        this.clock = clock;
    }

    private ProblemException unusable(String code, String guesser) {
        limits.failed(Guess.JOIN_CODE, guesser);
        return new ProblemException(404, "join-code-not-open", "No open class with this code",
                "no open class has the join code " + code + ": it may be mistyped, expired, revoked or used up, or the "
                        + "class has ended; ask your instructor for a current code");
    }

    private record Candidate(Seat seat, Cluster cluster) {
        int rank() {
            if (cluster == null || !SeatClusters.usable(cluster)) {
                return 2;
            }
            return cluster.phase == ClusterPhase.READY ? 0 : 1;
        }
    }

    /**
     * Takes a seat with {@code code}. Joining a class one already sits in returns that seat again
     * and uses the code no further.
     *
     * <p>A code that opens no seat gets one answer whatever the reason (unknown, revoked, expired, used
     * up, class ended), so a guesser learns nothing about which codes exist; and each such answer
     * counts against the person's join-code guesses (docs/security.md, "Browser and API tokens").
     *
     * @throws ValidationProblem      naming {@code code} when it is blank
     * @throws TooManyAttemptsProblem 429 when the caller has guessed too many codes lately
     * @throws ProblemException       404 when the code opens no seat, 409 when the class is full
     */
    @Transactional
    public JoinResult join(String code) {
        String normalized = JoinCodes.normalize(code);
        if (normalized.isEmpty()) {
            throw ValidationProblem.of("code", "enter the join code your instructor shared, e.g. K7QX-M2PA");
        }
        String guesser = caller.userId().toString();
        limits.check(Guess.JOIN_CODE, guesser);
        Classroom c = Classroom.<Classroom>find("joinCode", normalized).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        if (c == null) {
            throw unusable(normalized, guesser);
        }
        Instant now = clock.instant();
        if (c.ended()) {
            throw unusable(normalized, guesser);
        }
        UUID me = caller.userId();
        Optional<Seat> mine = Seat.held(c.id, me);
        if (mine.isPresent()) {
            Seat seat = mine.get();
            Cluster cluster = SeatClusters.live(seat).orElse(null);
            if (cluster == null) {
                // They deleted it themselves (it is theirs, in their list): coming back gives them a new one.
                cluster = seatClusters.request(c, seat, "Requested again for " + caller.username() + " (seat "
                        + seat.number + " of " + c.name + ")");
            }
            return result(c, seat, cluster, false);
        }
        if (c.codeRevokedAt != null || !now.isBefore(c.codeExpiresAt) || c.codeUses >= c.codeMaxUses) {
            throw unusable(normalized, guesser);
        }
        List<Seat> free = Seat.list("classroomId = ?1 and participantId is null", c.id);
        // One query for all their clusters: the hand-out is on the clock (docs/BENCHMARKS.md: ≤ 1 s).
        List<String> clusterIds = free.stream().map(s -> s.clusterId).filter(Objects::nonNull).toList();
        Map<String, Cluster> clustersById = clusterIds.isEmpty() ? Map.of() : Cluster.<Cluster>list("id in ?1", clusterIds)
                .stream().collect(Collectors.toMap(cl -> cl.id, cl -> cl));
        Candidate best = free.stream()
                .map(s -> new Candidate(s, s.clusterId == null ? null : clustersById.get(s.clusterId)))
                .min(BEST_FIRST)
                .orElseThrow(() -> new ConflictProblem("classroom-full", "Class is full",
                        "all " + c.seatCount + " seats of '" + c.name + "' are taken"));
        Seat seat = best.seat();
        seat.participantId = me;
        seat.lastActivityAt = now;
        c.codeUses++;
        SeatOccupancy occupancy = new SeatOccupancy();
        occupancy.seatId = seat.id;
        occupancy.classroomId = c.id;
        occupancy.participantId = me;
        occupancy.joinedAt = now;
        Cluster cluster;
        boolean warm = best.rank() < 2;
        if (warm) {
            cluster = best.cluster();
            seatClusters.handOut(c, seat, cluster, caller.username());
            if (cluster.phase == ClusterPhase.READY) {
                occupancy.firstReadyAt = now;
            }
        } else {
            seatClusters.retire(seat, "Replaced: seat " + seat.number + " was taken by " + caller.username());
            cluster = seatClusters.request(c, seat, "Requested for " + caller.username() + " (seat " + seat.number
                    + " of " + c.name + "); waiting for a host with capacity");
        }
        occupancy.persist();
        audit.record(caller, Action.SEAT_JOIN, "classroom", c.id.toString(),
                "seat=" + seat.number + " cluster=" + cluster.id + (warm ? " warm" : ""));
        return result(c, seat, cluster, warm);
    }

    /** The caller's own seats, newest classes first: all a participant sees of a classroom. */
    @Transactional
    public List<MySeatView> mine() {
        List<Seat> seats = Seat.list("participantId", caller.userId());
        return seats.stream().map(seat -> {
            Classroom c = Classroom.findById(seat.classroomId);
            Cluster cluster = SeatClusters.live(seat).orElse(null);
            return new MySeatView(c.id, c.name, seat.id, seat.number, ClassroomBoard.username(c.instructorId), c.endsAt,
                    c.ended(), cluster == null ? null : cluster.id, cluster == null ? null : cluster.phase);
        }).sorted(Comparator.comparing(MySeatView::endsAt).reversed()).toList();
    }

    /** A fresh cluster for the seat, same participant; the old one is deleted. */
    @Transactional
    public SeatView reset(String classroomId, String seatId) {
        Classroom c = access.managedForUpdate(classroomId);
        ClassroomService.open(c, "reset");
        Seat seat = access.seat(c, seatId);
        String old = seat.clusterId;
        seatClusters.retire(seat, "Reset by " + caller.username() + ": seat " + seat.number + " gets a fresh cluster");
        Cluster fresh = seatClusters.request(c, seat, "Fresh cluster for seat " + seat.number + " (reset by "
                + caller.username() + "); waiting for a host with capacity");
        audit.record(caller, Action.SEAT_RESET, "classroom", c.id.toString(),
                "seat=" + seat.number + " old=" + old + " new=" + fresh.id);
        return board.tile(seat);
    }

    /** Extends the seat's cluster within the cluster policy, as its owner could. */
    @Transactional
    public SeatView extend(String classroomId, String seatId, String ttl) {
        Classroom c = access.managed(classroomId);
        ClassroomService.open(c, "extended");
        Seat seat = access.seat(c, seatId);
        Cluster cluster = SeatClusters.live(seat).orElseThrow(() -> new ConflictProblem("seat-without-cluster",
                "Seat has no cluster", "seat " + seat.number + " has no cluster to extend"));
        clusters.extend(cluster, ttl);
        seat.lastActivityAt = clock.instant();
        audit.record(caller, Action.SEAT_EXTEND, "classroom", c.id.toString(), "seat=" + seat.number + " ttl=" + ttl);
        return board.tile(seat);
    }

    /**
     * Removes the participant: their cluster is deleted and the seat is free again (with a fresh warm
     * cluster, if the class was pre-provisioned). Their code use is not given back.
     */
    @Transactional
    public SeatView remove(String classroomId, String seatId) {
        Classroom c = access.managedForUpdate(classroomId);
        Seat seat = access.seat(c, seatId);
        if (seat.participantId == null) {
            return board.tile(seat);
        }
        String who = ClassroomBoard.username(seat.participantId);
        SeatOccupancy.current(seat.id).ifPresent(o -> o.leftAt = clock.instant());
        seatClusters.retire(seat, who + " was removed from seat " + seat.number + " by " + caller.username());
        seat.participantId = null;
        if (c.provisionedAt != null && !c.ended()) {
            seatClusters.request(c, seat, "Pre-provisioning seat " + seat.number + " of " + c.name + " again");
        }
        audit.record(caller, Action.SEAT_REMOVE, "classroom", c.id.toString(), "seat=" + seat.number + " participant=" + who);
        return board.tile(seat);
    }

    private static JoinResult result(Classroom c, Seat seat, Cluster cluster, boolean warm) {
        return new JoinResult(c.id, c.name, seat.id, seat.number, cluster == null ? null : cluster.id,
                cluster == null ? null : cluster.phase, warm);
    }
}
