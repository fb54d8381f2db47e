package dev.hearth.backend.demo;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One build of a participant's source on their cluster's host, as its agent last reported it. */
@Entity
@Table(name = "build")
public class Build extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "cluster_id", nullable = false)
    public String clusterId;

    /** The host the request went to; results from any other host's agent are ignored. */
    @Column(name = "host_id", nullable = false)
    public UUID hostId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BuildLanguage language;

    @Column(name = "source_sha256", nullable = false)
    public String sourceSha256;

    @Column(nullable = false)
    public String image;

    @Column(name = "tag_number", nullable = false)
    public int tagNumber;

    public String digest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BuildStatus status;

    public String message;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    public boolean finished() {
        return status == BuildStatus.SUCCEEDED || status == BuildStatus.FAILED;
    }

    /** Its log's stream. */
    public LogStreamId stream() {
        return new LogStreamId.Build(id.toString());
    }
}
