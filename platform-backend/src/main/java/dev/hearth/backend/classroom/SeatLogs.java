package dev.hearth.backend.classroom;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.demo.DemoProgress;
import dev.hearth.backend.logs.PodLogs;
import dev.hearth.backend.problem.NotFoundProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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
    private final ClusterService clusters;
    private final PodLogs podLogs;

    public SeatLogs(ClassroomAccess access, ClusterService clusters, PodLogs podLogs) {
        this.access = access;
        this.clusters = clusters;
        this.podLogs = podLogs;
    }

    /** @throws NotFoundProblem unless the caller runs the classroom and it has that seat */
    @Transactional
    public Optional<SeatPod> demoPod(String classroomId, String seatId) {
        return seatPod(classroomId, seatId);
    }

    /** Follows the seat's demo pod log. @return the stream, for LogEvents */
    public LogStreamId.Pod follow(String classroomId, String seatId) {
        // The database part in its own transaction; the pod is then read from the cluster outside it.
        record Found(SeatPod pod, String kubeconfig) {
        }
        Found found = QuarkusTransaction.requiringNew().call(() -> {
            SeatPod pod = seatPod(classroomId, seatId).orElseThrow(() -> new NotFoundProblem("demo pod of seat", seatId));
            Cluster cluster = Cluster.findById(pod.clusterId());
            if (cluster == null) {
                throw new NotFoundProblem("cluster", pod.clusterId());
            }
            return new Found(pod, clusters.kubeconfigOf(cluster));
        });
        SeatPod pod = found.pod();
        return podLogs.followWith(pod.clusterId(), found.kubeconfig(), pod.namespace(), pod.pod(), pod.container());
    }

    /** The guided demo's record of the participant's last run, when it was on this seat's cluster. */
    private Optional<SeatPod> seatPod(String classroomId, String seatId) {
        Seat seat = access.seat(access.managed(classroomId), seatId);
        if (seat.clusterId == null || seat.participantId == null) {
            return Optional.empty();
        }
        return DemoProgress.<DemoProgress>findByIdOptional(seat.participantId)
                .filter(run -> run.runPod != null && seat.clusterId.equals(run.runClusterId))
                .map(run -> new SeatPod(seat.clusterId, run.runNamespace, run.runPod, run.runContainer));
    }
}
