package dev.hearth.backend.cluster;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A cluster's desired state and the latest status its agent reported. {@link #version} guards
 * against two replicas (or the reaper and a user) overwriting each other's change.
 */
@Entity
@Table(name = "cluster")
public class Cluster extends PanacheEntityBase {

    /** Short unique id such as {@code c-7k2m9x}; also the {@code <c>} in container names. */
    @Id
    public String id;

    /** Display name; may repeat across users. */
    @Column(nullable = false)
    public String name;

    /**
     * Who holds it. Null while it waits, pre-provisioned, in a classroom's warm pool: nobody's yet,
     * so it is in nobody's list or quota until a participant takes the seat.
     */
    @Column(name = "owner_id")
    public UUID ownerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ClusterPhase phase;

    public String step;

    public String message;

    @Column(name = "host_id")
    public UUID hostId;

    @Column(name = "api_endpoint")
    public String apiEndpoint;

    /** The configuration as the user wrote it, normalised; kept for replicas older than V12 (db/migration). */
    @Column(name = "config_yaml", nullable = false)
    public String configYaml;

    /**
     * The validated configuration, typed ({@link StoredConfiguration}): what agents are sent and pages show.
     * Null only on a row from before V12 until {@code StoredConfigurationBackfill} has run.
     */
    @Convert(converter = StoredConfiguration.class)
    @Column(name = "configuration")
    ClusterConfiguration configuration;

    /** Bumped on every change of desired state, so agents can tell which spec they have converged to. */
    @Column(nullable = false)
    public long generation;

    /** Memory the scheduler set aside for it on its host (0 until placed). */
    @Column(name = "memory_mib", nullable = false)
    public int memoryMib;

    @Column(name = "kubeconfig_ciphertext")
    public byte[] kubeconfigCiphertext;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Version
    public long version;

    /**
     * The validated configuration. A row an older replica wrote during a rolling upgrade has only the YAML,
     * which that replica validated: read from it until {@link StoredConfigurationBackfill} fills the column.
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
