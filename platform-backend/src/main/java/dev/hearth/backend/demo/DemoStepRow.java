package dev.hearth.backend.demo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A step's state as last evaluated, kept so the board and a reload read it without asking a cluster. */
@Entity
@Table(name = "demo_step")
@IdClass(DemoStepRow.Key.class)
public class DemoStepRow extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    public short number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepState state;

    public String detail;

    @Column(nullable = false)
    public Instant since;

    static List<DemoStepRow> of(UUID userId) {
        return list("userId = ?1 order by number", userId);
    }

    /** The composite key (user, step number). */
    public static class Key implements Serializable {
        public UUID userId;
        public short number;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.number == number && Objects.equals(k.userId, userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, number);
        }
    }
}
