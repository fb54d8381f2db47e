package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.agent.AgentConnected;
import dev.hearth.backend.agent.AgentMailbox;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterEventRecorded;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStop;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Pod logs (issue 5): the backend reads the pod from the cluster's API server (so the stream is named
 * by the pod's uid — a pod re-created under the same name is a new log), then asks the cluster's
 * host agent through the {@link AgentMailbox} to follow the container from the first line not yet
 * stored. The agent sends the lines as {@link LogChunk}s, which {@link LogStreams} stores and fans out.
 * When the agent reconnects it is asked again for every open stream; when a cluster is deleted its
 * streams are stopped and ended.
 */
@ApplicationScoped
public class PodLogs {

    private static final Logger LOG = Logger.getLogger(PodLogs.class);

    private final ClusterService clusters;
    private final PodReader pods;
    private final AgentMailbox mailbox;
    private final LogStreams logs;
    private final EntityManager em;

    public PodLogs(ClusterService clusters, PodReader pods, AgentMailbox mailbox, LogStreams logs, EntityManager em) {
        this.clusters = clusters;
        this.pods = pods;
        this.mailbox = mailbox;
        this.logs = logs;
        this.em = em;
    }

    /**
     * Starts (or keeps) following a container of a pod in one of the caller's clusters.
     *
     * @param container the container's name; null for the pod's only one
     * @return the stream, for {@link LogEvents}
     * @throws NotFoundProblem when the cluster is not the caller's, or the pod or container does not exist
     */
    public LogStreamId.Pod follow(String clusterId, String namespace, String pod, String container) {
        String kubeconfig = clusters.kubeconfig(clusterId); // 404 for another's cluster, 409 until READY
        return followWith(clusterId, kubeconfig, namespace, pod, container);
    }

    /**
     * As {@link #follow}, for a caller already allowed to read this cluster's pods by other means (an
     * instructor for a seat of their classroom) and holding its kubeconfig.
     */
    public LogStreamId.Pod followWith(String clusterId, String kubeconfig, String namespace, String pod, String container) {
        Pod found = pods.pod(kubeconfig, namespace, pod)
                .orElseThrow(() -> new NotFoundProblem("pod", namespace + "/" + pod));
        String name = container(found, container);
        String uid = found.getMetadata().getUid();
        LogStreamId.Pod stream = new LogStreamId.Pod(clusterId, uid, name);
        QuarkusTransaction.requiringNew().run(() -> {
            Cluster cluster = Cluster.findById(clusterId);
            if (cluster == null || cluster.hostId == null) {
                throw new ConflictProblem("cluster-not-ready", "Cluster not ready", "cluster " + clusterId + " is on no host");
            }
            Object[] row = (Object[]) em.createNativeQuery("""
                            INSERT INTO log_stream (stream, cluster_id, owner_id, namespace, pod, pod_uid, container, created_at, updated_at)
                            VALUES (:s, :c, :o, :ns, :p, :u, :k, now(), now())
                            ON CONFLICT (stream) DO UPDATE SET cluster_id = EXCLUDED.cluster_id, owner_id = EXCLUDED.owner_id,
                                namespace = EXCLUDED.namespace,
                                pod = EXCLUDED.pod, pod_uid = EXCLUDED.pod_uid, container = EXCLUDED.container, updated_at = now()
                            RETURNING next_seq, ended_at IS NOT NULL""")
                    .setParameter("s", stream.name()).setParameter("c", clusterId).setParameter("o", cluster.ownerId).setParameter("ns", namespace)
                    .setParameter("p", pod).setParameter("u", uid).setParameter("k", name)
                    .getSingleResult();
            if (!(Boolean) row[1]) {
                mailbox.send(cluster.hostId, new LogFollow(stream, namespace, pod, ((Number) row[0]).longValue()));
            }
        });
        return stream;
    }

    private static String container(Pod pod, String wanted) {
        List<String> names = PodReader.PodRow.containers(pod);
        if (wanted == null || wanted.isBlank()) {
            if (names.size() == 1) {
                return names.getFirst();
            }
            throw ValidationProblem.of("container", "pod " + pod.getMetadata().getName() + " has "
                    + names.size() + " containers; name one of " + String.join(", ", names));
        }
        if (!names.contains(wanted)) {
            throw new NotFoundProblem("container", pod.getMetadata().getName() + "/" + wanted);
        }
        return wanted;
    }

    /**
     * The host's agent (re)connected: ask it again for every open pod stream of its READY clusters,
     * from the first line not stored, since a follower on the agent does not survive its restart.
     */
    void agentConnected(@Observes AgentConnected event) {
        resume(event.hostId());
    }

    @SuppressWarnings("unchecked")
    void resume(UUID hostId) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<Object[]> open = em.createNativeQuery("""
                            SELECT s.cluster_id, s.pod_uid, s.container, s.namespace, s.pod, s.next_seq
                            FROM log_stream s JOIN cluster c ON c.id = s.cluster_id
                            WHERE c.host_id = :h AND c.phase = 'READY' AND s.ended_at IS NULL AND s.pod_uid IS NOT NULL
                            ORDER BY s.created_at""")
                    .setParameter("h", hostId).getResultList();
            for (Object[] r : open) {
                // The stream id from its row's columns: a pod stream is named by exactly these.
                var stream = new LogStreamId.Pod((String) r[0], (String) r[1], (String) r[2]);
                mailbox.send(hostId, new LogFollow(stream, (String) r[3], (String) r[4], ((Number) r[5]).longValue()));
            }
        });
    }

    /** A cluster being deleted: its agent stops following its pods, and their streams end for every follower. */
    void clusterGone(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClusterEventRecorded event) {
        if (event.phase() != ClusterPhase.DELETING && event.phase() != ClusterPhase.DELETED) {
            return;
        }
        // On a thread of its own: this one still belongs to the committed transaction.
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                stop(event.clusterId());
            } catch (RuntimeException e) {
                LOG.warnf("failed to stop the pod logs of deleted cluster %s: %s", event.clusterId(), e.getMessage());
            }
        });
    }

    @SuppressWarnings("unchecked")
    void stop(String clusterId) {
        List<Object[]> open = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT s.stream, s.next_seq, c.host_id FROM log_stream s JOIN cluster c ON c.id = s.cluster_id
                        WHERE s.cluster_id = :c AND s.ended_at IS NULL""")
                .setParameter("c", clusterId).getResultList());
        for (Object[] r : open) {
            LogStreamId stream = LogStreamId.parse((String) r[0]);
            if (r[2] != null) {
                mailbox.send((UUID) r[2], new LogStop(stream));
            }
            logs.append(new LogChunk(stream, ((Number) r[1]).longValue(), List.of("[hearth] cluster deleted; log ended"), true));
        }
    }
}
