package dev.hearth.backend.cluster;

import dev.hearth.backend.support.Retry;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies what an agent reports about its clusters to their records (DESIGN §6). Reports are
 * at-least-once and may be stale — re-sent after a reconnect, or made for a generation the backend
 * has since moved past — so each is checked against the cluster's host, generation and phase, and a
 * report that changes nothing writes nothing.
 */
@ApplicationScoped
public class ClusterObservations {

    private static final Logger LOG = Logger.getLogger(ClusterObservations.class);

    /** What applying one report did, for the caller's log and for tests. */
    public enum Outcome { APPLIED, UNCHANGED, IGNORED }

    private final ClusterLifecycle lifecycle;
    private final KubeconfigCipher cipher;

    public ClusterObservations(ClusterLifecycle lifecycle, KubeconfigCipher cipher) {
        this.lifecycle = lifecycle;
        this.cipher = cipher;
    }

    /** Applies {@code report} from the agent of {@code hostId}, retrying when another writer got there first. */
    public Outcome apply(UUID hostId, ClusterObserved report) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> applyOnce(hostId, report)));
    }

    /** Stores a cluster's admin kubeconfig, encrypted; the owner downloads it once the cluster is READY. */
    public Outcome store(UUID hostId, Credentials credentials) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            Cluster cluster = Cluster.findById(credentials.clusterId());
            if (!heldBy(cluster, hostId) || cluster.phase == ClusterPhase.DELETED
                    || cluster.phase == ClusterPhase.DELETING) {
                LOG.debugf("ignoring credentials for %s from host %s: not a live cluster of that host",
                        credentials.clusterId(), hostId);
                return Outcome.IGNORED;
            }
            if (cluster.kubeconfigCiphertext != null
                    && credentials.kubeconfig().equals(cipher.decrypt(cluster.id, cluster.kubeconfigCiphertext))) {
                return Outcome.UNCHANGED;
            }
            cluster.kubeconfigCiphertext = cipher.encrypt(cluster.id, credentials.kubeconfig());
            return Outcome.APPLIED;
        }));
    }

    private Outcome applyOnce(UUID hostId, ClusterObserved report) {
        Cluster cluster = Cluster.findById(report.id());
        if (!heldBy(cluster, hostId)) {
            // Another host's cluster now (re-provisioned after being LOST), or one this backend never had.
            LOG.debugf("ignoring %s from host %s: the cluster is not placed there", report, hostId);
            return Outcome.IGNORED;
        }
        if (cluster.phase == ClusterPhase.DELETING) {
            // The agent never sees the generation deletion bumped to (the cluster left its set), so only
            // DELETED counts here, whatever generation it names; any other report predates the deletion.
            if (report.phase() != ObservedPhase.DELETED) {
                return Outcome.IGNORED;
            }
            lifecycle.finishDeletion(cluster, report.message() != null ? report.message()
                    : "Deleted: containers, network and volumes removed");
            return Outcome.APPLIED;
        }
        if (report.generation() < cluster.generation || !acceptsReports(cluster.phase)) {
            return Outcome.IGNORED;
        }
        return switch (report.phase()) {
            case PROVISIONING -> provisioning(cluster, report);
            case READY -> ready(cluster, report);
            case FAILED -> failed(cluster, report);
            // DELETED or DELETING for a cluster the backend still wants: the agent will converge back.
            case DELETING, DELETED -> Outcome.IGNORED;
        };
    }

    private Outcome provisioning(Cluster cluster, ClusterObserved report) {
        String message = report.message() != null ? report.message()
                : report.step() != null ? report.step() : "Provisioning";
        if (cluster.phase == ClusterPhase.PROVISIONING && Objects.equals(cluster.step, report.step())
                && Objects.equals(cluster.message, message)) {
            return Outcome.UNCHANGED;
        }
        lifecycle.transition(cluster, ClusterPhase.PROVISIONING, report.step(), message);
        return Outcome.APPLIED;
    }

    private Outcome ready(Cluster cluster, ClusterObserved report) {
        if (cluster.phase == ClusterPhase.READY && Objects.equals(cluster.apiEndpoint, report.apiEndpoint())) {
            return Outcome.UNCHANGED;
        }
        cluster.apiEndpoint = report.apiEndpoint();
        lifecycle.transition(cluster, ClusterPhase.READY, null, report.message() != null ? report.message()
                : "Ready" + (report.apiEndpoint() == null ? "" : "; API server at " + report.apiEndpoint()));
        return Outcome.APPLIED;
    }

    private Outcome failed(Cluster cluster, ClusterObserved report) {
        String reason = report.message() != null ? report.message()
                : "Failed" + (report.step() == null ? "" : " at step '" + report.step() + "'");
        if (cluster.phase == ClusterPhase.FAILED && Objects.equals(cluster.message, reason)) {
            return Outcome.UNCHANGED;
        }
        lifecycle.transition(cluster, ClusterPhase.FAILED, report.step(), reason);
        return Outcome.APPLIED;
    }

    private static boolean heldBy(Cluster cluster, UUID hostId) {
        return cluster != null && hostId.equals(cluster.hostId);
    }

    /** Phases an agent's report may move a cluster out of; the rest are the backend's to decide. */
    private static boolean acceptsReports(ClusterPhase phase) {
        return switch (phase) {
            case SCHEDULED, PROVISIONING, READY, FAILED -> true;
            case REQUESTED, DELETING, DELETED, LOST -> false;
        };
    }
}
