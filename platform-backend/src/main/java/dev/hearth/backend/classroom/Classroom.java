package dev.hearth.backend.classroom;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A workshop: N seats, a start and end, the cluster configuration every seat gets, and the join code
 * participants use to take a seat. {@link #version} keeps two instructors' tabs from overwriting
 * each other; joins serialise on the row with a lock instead.
 */
@Entity
@Table(name = "classroom")
public class Classroom extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "instructor_id", nullable = false)
    public UUID instructorId;

    @Column(name = "seat_count", nullable = false)
    public int seatCount;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "config_yaml", nullable = false)
    public String configYaml;

    /** Lifetime of a seat's cluster from its hand-out; null means until the class ends. */
    @Column(name = "ttl_seconds")
    public Long ttlSeconds;

    @Column(name = "demo_track")
    public String demoTrack;

    @Column(name = "join_code", nullable = false)
    public String joinCode;

    @Column(name = "code_expires_at", nullable = false)
    public Instant codeExpiresAt;

    @Column(name = "code_max_uses", nullable = false)
    public int codeMaxUses;

    @Column(name = "code_uses", nullable = false)
    public int codeUses;

    @Column(name = "code_revoked_at")
    public Instant codeRevokedAt;

    @Column(name = "provisioned_at")
    public Instant provisionedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    public boolean ended() {
        return endedAt != null;
    }

    public Duration ttl() {
        return ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds);
    }
}
