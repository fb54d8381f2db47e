package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterConfigurationParser;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.identity.AppUser;
import dev.hearth.backend.support.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads a classroom into its board: one tile per seat with its participant, its cluster's phase,
 * the demo step and the last activity, plus the counts and, when seats wait for capacity, why. A
 * handful of queries per board, whatever the number of seats. Access is the caller's job.
 */
@ApplicationScoped
public class ClassroomBoard {

    private final ClassroomSettings settings;
    private final Clock clock;

    public ClassroomBoard(ClassroomSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ClassroomView of(Classroom classroom, URI base) {
        List<Seat> seats = Seat.of(classroom.id);
        List<SeatView> tiles = tiles(seats);
        return view(classroom, base, tiles);
    }

    /** One seat's tile, for a live update of the board. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SeatView tile(Seat seat) {
        return tiles(List.of(seat)).getFirst();
    }

    /** The classroom without its seats (lists). */
    @Transactional(Transactional.TxType.MANDATORY)
    public ClassroomView summaryOf(Classroom classroom, URI base) {
        ClassroomView full = of(classroom, base);
        return new ClassroomView(full.id(), full.name(), full.instructor(), full.status(), full.seatCount(), full.startsAt(),
                full.endsAt(), full.ttl(), full.demoTrack(), full.config(), full.joinCode(), full.provisionedAt(),
                full.endedAt(), full.counts(), full.waitingReason(), null);
    }

    private ClassroomView view(Classroom c, URI base, List<SeatView> tiles) {
        int taken = 0;
        int ready = 0;
        int starting = 0;
        int waiting = 0;
        int failed = 0;
        int without = 0;
        int stuck = 0;
        for (SeatView t : tiles) {
            taken += t.taken() ? 1 : 0;
            stuck += t.stuck() ? 1 : 0;
            if (t.phase() == null) {
                without++;
            } else {
                switch (t.phase()) {
                    case READY -> ready++;
                    case SCHEDULED, PROVISIONING -> starting++;
                    case REQUESTED -> waiting++;
                    case FAILED, LOST -> failed++;
                    default -> without++;
                }
            }
        }
        // Seats waiting for capacity share one reason (the scheduler writes it on each waiting cluster).
        String reason = tiles.stream().filter(SeatView::waiting).map(SeatView::message).filter(Objects::nonNull)
                .findFirst().orElse(null);
        return new ClassroomView(c.id, c.name, username(c.instructorId), status(c), c.seatCount, c.startsAt, c.endsAt,
                c.ttl() == null ? null : Durations.format(c.ttl()), c.demoTrack, ClusterConfigurationParser.toYaml(c.configuration()), code(c, base),
                c.provisionedAt, c.endedAt, new ClassroomView.Counts(taken, ready, starting, waiting, failed, without, stuck),
                waiting > 0 ? reason : null, tiles);
    }

    private List<SeatView> tiles(List<Seat> seats) {
        Map<String, Cluster> clusters = byId(Cluster.list("id in ?1", ids(seats.stream().map(s -> s.clusterId))),
                c -> c.id);
        Map<UUID, String> people = usernames(seats.stream().map(s -> s.participantId).filter(Objects::nonNull).toList());
        Map<UUID, SeatOccupancy> occupancies = byId(SeatOccupancy.list("seatId in ?1 and leftAt is null",
                seats.stream().map(s -> s.id).toList()), o -> o.seatId);
        Instant now = clock.instant();
        return seats.stream().map(s -> tile(s, clusters.get(s.clusterId), people.get(s.participantId),
                occupancies.get(s.id), now)).toList();
    }

    private SeatView tile(Seat seat, Cluster cluster, String participant, SeatOccupancy occupancy, Instant now) {
        boolean live = cluster != null && cluster.phase != ClusterPhase.DELETED;
        ClusterPhase phase = live ? cluster.phase : null;
        int steps = occupancy == null ? 0 : occupancy.stepsCompleted;
        Instant last = seat.lastActivityAt;
        boolean failed = phase == ClusterPhase.FAILED || phase == ClusterPhase.LOST;
        // Stuck: a seated participant whose seat shows no progress for a while, or any failed cluster.
        boolean idle = participant != null && last != null && last.plus(settings.stuckAfter()).isBefore(now);
        return new SeatView(seat.id, seat.number, participant, live ? cluster.id : null, phase,
                live ? cluster.step : null, live ? cluster.message : null, steps, last,
                live ? cluster.expiresAt : null, failed || idle);
    }

    private String status(Classroom c) {
        if (c.ended()) {
            return "ENDED";
        }
        return c.startsAt.isAfter(clock.instant()) ? "UPCOMING" : "RUNNING";
    }

    private JoinCodeView code(Classroom c, URI base) {
        String state;
        if (c.codeRevokedAt != null) {
            state = "REVOKED";
        } else if (!clock.instant().isBefore(c.codeExpiresAt) || c.ended()) {
            state = "EXPIRED";
        } else if (c.codeUses >= c.codeMaxUses) {
            state = "EXHAUSTED";
        } else {
            state = "ACTIVE";
        }
        String link = base.resolve("classrooms/join?code=" + c.joinCode).toString();
        return new JoinCodeView(c.joinCode, link, c.codeExpiresAt, c.codeMaxUses, c.codeUses, state);
    }

    static String username(UUID id) {
        AppUser user = id == null ? null : AppUser.findById(id);
        return user == null ? null : user.username;
    }

    static Map<UUID, String> usernames(Collection<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            AppUser.<AppUser>list("id in ?1", ids).forEach(u -> names.put(u.id, u.username));
        }
        return names;
    }

    private static List<String> ids(java.util.stream.Stream<String> ids) {
        List<String> list = ids.filter(Objects::nonNull).toList();
        return list.isEmpty() ? List.of("") : list;
    }

    private static <K, V> Map<K, V> byId(List<V> rows, Function<V, K> key) {
        Map<K, V> map = new HashMap<>();
        rows.forEach(r -> map.put(key.apply(r), r));
        return map;
    }
}
