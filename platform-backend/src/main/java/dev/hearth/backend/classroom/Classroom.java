package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterConfiguration;
import dev.hearth.backend.cluster.ClusterConfigurationParser;
import dev.hearth.backend.cluster.StoredConfiguration;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
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

    /** The configuration as the user wrote it, normalised; kept for replicas older than V12 (db/migration). */
    @Column(name = "config_yaml", nullable = false)
    public String configYaml;

    /**
     * The validated configuration, typed ({@link StoredConfiguration}): what each seat's cluster gets.
     * Null only on a row from before V12 until {@code StoredConfigurationBackfill} has run.
     */
    @Convert(converter = StoredConfiguration.class)
    @Column(name = "configuration")
    ClusterConfiguration configuration;

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

    /**
     * The validated configuration. A row an older replica wrote during a rolling upgrade has only the YAML,
     * which that replica validated: read from it until {@link dev.hearth.backend.cluster.StoredConfigurationBackfill} fills the column.
     */
    public ClusterConfiguration configuration() {
        return configuration != null ? configuration : ClusterConfigurationParser.parse(configYaml);
    }

    /** Records a validated configuration in both its forms (the YAML only for replicas older than V12). */
    public void configure(ClusterConfiguration config) {
        configuration = config;
        configYaml = ClusterConfigurationParser.toYaml(config);
    }
}
