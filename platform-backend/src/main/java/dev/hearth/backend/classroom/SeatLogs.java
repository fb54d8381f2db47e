package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.KubeconfigCipher;
import dev.hearth.backend.logs.PodLogs;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.NotFoundProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * A seat's demo pod log for the instructor running the classroom (issue 5): read-only, only for
 * seats of their own classrooms ({@link ClassroomAccess}); the pod is the one the seat's participant
 * last ran in the guided demo on the seat's cluster.
 */
@ApplicationScoped
public class SeatLogs {

    /** The demo pod of a seat: where it runs and which container. */
    public record SeatPod(String clusterId, String namespace, String pod, String container) {
    }

    private final ClassroomAccess access;
    private final KubeconfigCipher kubeconfigs;
    private final PodLogs podLogs;
    private final EntityManager em;

    public SeatLogs(ClassroomAccess access, KubeconfigCipher kubeconfigs, PodLogs podLogs, EntityManager em) {
        this.access = access;
        this.kubeconfigs = kubeconfigs;
        this.podLogs = podLogs;
        this.em = em;
    }

    /** @throws NotFoundProblem unless the caller runs the classroom and it has that seat */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<SeatPod> demoPod(String classroomId, String seatId) {
        Seat seat = access.seat(access.managed(classroomId), seatId);
        if (seat.clusterId == null || seat.participantId == null) {
            return Optional.empty();
        }
        // The guided demo's record of the participant's last run (V5 demo_progress), on this seat's cluster.
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT run_namespace, run_pod, run_container FROM demo_progress
                        WHERE user_id = :u AND run_cluster_id = :c AND run_pod IS NOT NULL""")
                .setParameter("u", seat.participantId).setParameter("c", seat.clusterId).getResultList();
        return rows.stream().findFirst()
                .map(r -> new SeatPod(seat.clusterId, (String) r[0], (String) r[1], (String) r[2]));
    }

    /** Follows the seat's demo pod log. @return the stream's name, for LogEvents */
    public String follow(String classroomId, String seatId) {
        SeatPod pod = demoPod(classroomId, seatId).orElseThrow(() -> new NotFoundProblem("demo pod of seat", seatId));
        return podLogs.followWith(pod.clusterId(), kubeconfig(pod.clusterId()), pod.namespace(), pod.pod(), pod.container());
    }

    @Transactional
    String kubeconfig(String clusterId) {
        Cluster cluster = Cluster.findById(clusterId);
        if (cluster == null || cluster.phase != ClusterPhase.READY || cluster.kubeconfigCiphertext == null) {
            throw new ConflictProblem("cluster-not-ready", "Cluster not ready",
                    "the seat's cluster " + clusterId + " is not READY, so its pods cannot be read");
        }
        return kubeconfigs.decrypt(cluster.id, cluster.kubeconfigCiphertext);
    }
}
