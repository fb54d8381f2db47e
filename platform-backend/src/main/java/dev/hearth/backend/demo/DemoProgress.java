package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** One participant's guided demo: what they wrote, where they run it, what they built and ran last. */
@Entity
@Table(name = "demo_progress")
public class DemoProgress extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BuildLanguage language;

    /** Null until saved; the language's template stands in for it. */
    public String source;

    /** Null for the default manifest. */
    public String manifest;

    @Column(name = "cluster_id")
    public String clusterId;

    @Column(name = "last_build_id")
    public UUID lastBuildId;

    @Column(name = "run_cluster_id")
    public String runClusterId;

    @Column(name = "run_namespace")
    public String runNamespace;

    @Column(name = "run_pod")
    public String runPod;

    @Column(name = "run_uid")
    public String runUid;

    @Column(name = "run_container")
    public String runContainer;

    @Column(name = "run_image")
    public String runImage;

    @Column(name = "run_at")
    public Instant runAt;

    @Column(name = "run_error")
    public String runError;

    @Column(name = "run_exit_code")
    public Integer runExitCode;

    @Column(name = "run_exit_reason")
    public String runExitReason;

    /** Step 7: the last build of the web variant, what was applied for it, and when the app answered. */
    @Column(name = "web_build_id")
    public UUID webBuildId;

    @Column(name = "web_cluster_id")
    public String webClusterId;

    @Column(name = "web_image")
    public String webImage;

    @Column(name = "web_error")
    public String webError;

    @Column(name = "web_verified_at")
    public Instant webVerifiedAt;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public boolean hasRun() {
        return runPod != null && runUid != null;
    }

    void forgetWebRun() {
        webClusterId = null;
        webImage = null;
        webError = null;
        webVerifiedAt = null;
    }

    void forgetRun() {
        runClusterId = null;
        runNamespace = null;
        runPod = null;
        runUid = null;
        runContainer = null;
        runImage = null;
        runAt = null;
        runError = null;
        runExitCode = null;
        runExitReason = null;
    }
}
