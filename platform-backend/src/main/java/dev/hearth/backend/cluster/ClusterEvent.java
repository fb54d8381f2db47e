package dev.hearth.backend.cluster;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** One lifecycle transition or provisioning step of a cluster, as shown live in the browser. */
@Entity
@Table(name = "cluster_event")
public class ClusterEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "cluster_id", nullable = false)
    public String clusterId;

    @Column(nullable = false)
    public Instant at;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ClusterPhase phase;

    public String step;

    @Column(nullable = false)
    public String message;

    /** Events after {@code afterId}, oldest first: the cursor an event stream resumes from. */
    public static List<ClusterEvent> after(String clusterId, long afterId) {
        return list("clusterId = ?1 and id > ?2 order by id", clusterId, afterId);
    }

    /** Events of any of {@code clusterIds} after {@code afterId}, oldest first (a classroom board's seats). */
    public static List<ClusterEvent> afterAny(Collection<String> clusterIds, long afterId) {
        return clusterIds.isEmpty() ? List.of() : list("clusterId in ?1 and id > ?2 order by id", clusterIds, afterId);
    }
}
