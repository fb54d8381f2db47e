package dev.hearth.backend.classroom;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One participant's time in a seat; the end-of-class summary is made of these, kept after they leave. */
@Entity
@Table(name = "seat_occupancy")
public class SeatOccupancy extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "seat_id", nullable = false)
    public UUID seatId;

    @Column(name = "classroom_id", nullable = false)
    public UUID classroomId;

    @Column(name = "participant_id", nullable = false)
    public UUID participantId;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "first_ready_at")
    public Instant firstReadyAt;

    @Column(name = "steps_completed", nullable = false)
    public int stepsCompleted;

    @Column(name = "left_at")
    public Instant leftAt;

    public static Optional<SeatOccupancy> current(UUID seatId) {
        return find("seatId = ?1 and leftAt is null", seatId).firstResultOptional();
    }
}
