package dev.hearth.backend.cluster;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.cluster.ClusterKubeconfig.UntrustedKubeconfigException;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.support.Retry;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies what an agent reports about its clusters to their records (docs/architecture.md, "Cluster lifecycle"). Reports are
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
    private final AuditLog audit;
    private final HostEndpoints endpoints;

    public ClusterObservations(ClusterLifecycle lifecycle, KubeconfigCipher cipher, AuditLog audit, HostEndpoints endpoints) {
        this.lifecycle = lifecycle;
        this.cipher = cipher;
        this.audit = audit;
        this.endpoints = endpoints;
    }

    /**
     * Applies {@code report} from the agent of {@code hostId}, retrying when another writer got there first.
     *
     * @param agentAddress the address the agent's connection comes from (see {@link HostEndpoints})
     */
    public Outcome apply(UUID hostId, String agentAddress, ClusterObserved report) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> applyOnce(hostId, agentAddress, report)));
    }

    /**
     * Stores a cluster's admin credentials, encrypted; the owner downloads them once the cluster is READY.
     * The agent's kubeconfig is untrusted: only its server (which must be this host's), CA and client
     * certificate and key are kept, and the stored kubeconfig is rebuilt from them ({@link ClusterKubeconfig}).
     * Anything else is refused, audited, and nothing is stored.
     */
    public Outcome store(UUID hostId, String agentAddress, Credentials credentials) {
        return Retry.onStaleVersion(() -> QuarkusTransaction.requiringNew().call(() -> {
            Cluster cluster = Cluster.findById(credentials.clusterId());
            if (!heldBy(cluster, hostId) || cluster.phase == ClusterPhase.DELETED
                    || cluster.phase == ClusterPhase.DELETING) {
                LOG.debugf("ignoring credentials for %s from host %s: not a live cluster of that host",
                        credentials.clusterId(), hostId);
                return Outcome.IGNORED;
            }
            Host host = Host.findById(hostId);
            String clean;
            try {
                ClusterKubeconfig kubeconfig = ClusterKubeconfig.parse(credentials.kubeconfig());
                if (!endpoints.allows(kubeconfig.server(), advertiseAddress(host), agentAddress)) {
                    throw new UntrustedKubeconfigException("server " + kubeconfig.server()
                            + " is not at this host's address (" + advertiseAddress(host).orElse(agentAddress) + ")");
                }
                clean = kubeconfig.yaml(kubeconfigName(cluster));
            } catch (UntrustedKubeconfigException e) {
                LOG.warnf("refusing the credentials host %s sent for cluster %s: %s", host.name, cluster.id, e.getMessage());
                audit.recordAgent(host.name, Action.HOST_REPORT_REFUSED, "cluster", cluster.id,
                        "credentials refused: " + e.getMessage());
                return Outcome.IGNORED;
            }
            if (cluster.kubeconfigCiphertext != null
                    && clean.equals(cipher.decrypt(cluster.id, cluster.kubeconfigCiphertext))) {
                return Outcome.UNCHANGED;
            }
            cluster.kubeconfigCiphertext = cipher.encrypt(cluster.id, clean);
            return Outcome.APPLIED;
        }));
    }

    /** The name kubectl shows for the cluster and its context, as the agent names it. */
    static String kubeconfigName(Cluster cluster) {
        return "hearth-" + cluster.id;
    }

    private static Optional<String> advertiseAddress(Host host) {
        return Optional.ofNullable(host.advertiseAddress);
    }

    private Outcome applyOnce(UUID hostId, String agentAddress, ClusterObserved report) {
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
            case READY -> ready(cluster, endpointChecked(hostId, agentAddress, cluster, report));
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

    /** The report with its API endpoint dropped when it is not at this host's address (it is shown to the owner). */
    private ClusterObserved endpointChecked(UUID hostId, String agentAddress, Cluster cluster, ClusterObserved report) {
        if (report.apiEndpoint() == null) {
            return report;
        }
        Host host = Host.findById(hostId);
        URI endpoint;
        try {
            endpoint = URI.create(report.apiEndpoint());
        } catch (IllegalArgumentException e) {
            endpoint = null;
        }
        if (endpoints.allows(endpoint, advertiseAddress(host), agentAddress)) {
            return report;
        }
        LOG.warnf("host %s reported cluster %s READY at %s, not at its own address; the endpoint is not recorded",
                host.name, cluster.id, report.apiEndpoint());
        audit.recordAgent(host.name, Action.HOST_REPORT_REFUSED, "cluster", cluster.id,
                "API endpoint refused: " + report.apiEndpoint());
        return new ClusterObserved(report.id(), report.generation(), report.phase(), report.step(), null, report.message());
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
