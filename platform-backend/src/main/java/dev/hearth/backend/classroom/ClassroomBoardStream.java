package dev.hearth.backend.classroom;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.ratelimit.StreamCaps;
import dev.hearth.backend.cluster.ClusterEventStream;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a live board needs to hear: a seat's tile again whenever its cluster writes an event (read
 * with {@link ClusterEventStream#followAll}, the same cursor-over-the-event-table stream the cluster
 * page uses, so any backend replica's writes reach it), and every tile now and then, since a seat
 * becomes "stuck" by time passing. The caller has checked that the classroom is theirs.
 */
@ApplicationScoped
public class ClassroomBoardStream {

    /** How often every tile is re-sent regardless of events. */
    private static final Duration REFRESH = Duration.ofSeconds(20);

    /** One thing to send to the board. */
    public sealed interface Update permits Tile, Changed {
    }

    /** A seat's tile, re-read, and whether its class has ended (tiles then offer no actions). */
    public record Tile(SeatView seat, boolean ended) implements Update {
    }

    /** Something about the seats changed: the head's counts are worth re-fetching. */
    public record Changed() implements Update {
    }

    private final ClusterEventStream events;
    private final ClassroomBoard board;
    private final EntityManager em;
    private final StreamCaps caps;
    private final Caller caller;

    public ClassroomBoardStream(ClusterEventStream events, ClassroomBoard board, EntityManager em, StreamCaps caps,
            Caller caller) {
        this.caps = caps;
        this.caller = caller;
        this.events = events;
        this.board = board;
        this.em = em;
    }

    /** The newest cluster event id: a board rendered now follows what comes after it. */
    public long cursor() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT coalesce(max(id), 0) FROM cluster_event").getSingleResult()).longValue());
    }

    public Multi<Update> follow(UUID classroomId, long after) {
        Multi<Update> changes = events.followAll(() -> seatClusters(classroomId), after)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(event -> QuarkusTransaction.requiringNew().call(() -> {
                    Seat seat = Seat.find("clusterId", event.clusterId()).firstResult();
                    return seat == null ? List.<Update>of()
                            : List.<Update>of(new Tile(board.tile(seat), ended(classroomId)), new Changed());
                }))
                .onItem().transformToIterable(updates -> updates);
        Multi<Update> refresh = Multi.createFrom().ticks().startingAfter(REFRESH).every(REFRESH)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> QuarkusTransaction.requiringNew().call(() -> {
                    List<Update> all = new ArrayList<>();
                    boolean ended = ended(classroomId);
                    Seat.of(classroomId).forEach(seat -> all.add(new Tile(board.tile(seat), ended)));
                    all.add(new Changed());
                    return all;
                }))
                .onItem().transformToIterable(updates -> updates);
        return caps.capped(caller.userId(), Multi.createBy().merging().streams(changes, refresh));
    }

    private static boolean ended(UUID classroomId) {
        Classroom classroom = Classroom.findById(classroomId);
        return classroom == null || classroom.ended();
    }

    private static Collection<String> seatClusters(UUID classroomId) {
        return Seat.of(classroomId).stream().map(s -> s.clusterId).filter(Objects::nonNull).toList();
    }
}
