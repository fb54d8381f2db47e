package dev.hearth.backend.classroom;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One place in a classroom: maybe a participant, maybe a cluster (warm, before anyone sits down). */
@Entity
@Table(name = "seat")
public class Seat extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "classroom_id", nullable = false)
    public UUID classroomId;

    /** 1-based, as the board shows it. */
    @Column(nullable = false)
    public int number;

    @Column(name = "participant_id")
    public UUID participantId;

    @Column(name = "cluster_id")
    public String clusterId;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    public static List<Seat> of(UUID classroomId) {
        return list("classroomId = ?1 order by number", classroomId);
    }

    public static Optional<Seat> held(UUID classroomId, UUID participantId) {
        return find("classroomId = ?1 and participantId = ?2", classroomId, participantId).firstResultOptional();
    }
}
