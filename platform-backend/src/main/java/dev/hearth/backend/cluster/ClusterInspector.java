package dev.hearth.backend.cluster;

import dev.hearth.backend.problem.ConflictProblem;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Asks a READY cluster's own API server for its nodes and namespaces, with its admin kubeconfig
 * ({@link ClusterService#kubeconfig}, which also keeps it to the cluster's owner). A page waits for
 * this, so every call has a short timeout and no retries: a cluster that does not answer is shown as
 * such at once, with the reason in words.
 */
@ApplicationScoped
public class ClusterInspector {

    private static final Logger LOG = Logger.getLogger(ClusterInspector.class);
    private static final String ROLE_LABEL = "node-role.kubernetes.io/";
    private static final String ARCH_LABEL = "kubernetes.io/arch";

    private final ClusterService clusters;
    private final Clock clock;
    private final Duration timeout;
    private final ClusterClients clients;

    public ClusterInspector(ClusterService clusters, Clock clock, ClusterClients clients,
            InspectorSettings inspector) {
        this.clusters = clusters;
        this.clock = clock;
        this.timeout = inspector.timeout();
        this.clients = clients;
    }

    /**
     * The nodes and namespaces of one of the caller's clusters; when Hearth holds no kubeconfig for it
     * (no longer READY), the reason, shown like any other failure to reach it.
     *
     * @throws dev.hearth.backend.problem.NotFoundProblem when it is not the caller's cluster
     */
    public ClusterInspection inspect(String clusterId) {
        String kubeconfig;
        try {
            kubeconfig = clusters.kubeconfig(clusterId);
        } catch (ConflictProblem unavailable) {
            return ClusterInspection.notAnswering(sentence(unavailable.getMessage()) + ".", clock.instant());
        }
        return inspectWith(kubeconfig);
    }

    /** Asks the API server a kubeconfig names; for callers that hold the kubeconfig already. */
    public ClusterInspection inspectWith(String kubeconfig) {
        Instant at = clock.instant();
        KubernetesClient kubernetes;
        try {
            kubernetes = clients.of(kubeconfig, timeout);
        } catch (RuntimeException e) {
            LOG.debugf(e, "unreadable kubeconfig");
            return ClusterInspection.notAnswering("Its kubeconfig could not be read: " + e.getMessage(), at);
        }
        try {
            List<ClusterNode> nodes = kubernetes.nodes().list().getItems().stream()
                    .map(ClusterInspector::node)
                    .sorted(Comparator.comparing(ClusterNode::name))
                    .toList();
            List<ClusterNamespace> namespaces = kubernetes.namespaces().list().getItems().stream()
                    .map(ns -> new ClusterNamespace(ns.getMetadata().getName(),
                            ns.getStatus() == null ? null : ns.getStatus().getPhase(),
                            instant(ns.getMetadata().getCreationTimestamp())))
                    .sorted(Comparator.comparing(ClusterNamespace::name))
                    .toList();
            return ClusterInspection.answered(nodes, namespaces, at);
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "API server %s did not answer", kubernetes.getMasterUrl());
            return ClusterInspection.notAnswering(reason(kubernetes.getMasterUrl().toString(), e), at);
        }
    }

    private String reason(String server, KubernetesClientException e) {
        String where = "The API server at " + stripSlash(server);
        if (e.getCode() == 401 || e.getCode() == 403) {
            return where + " refused the cluster's admin credentials (HTTP " + e.getCode() + ").";
        }
        if (e.getCode() > 0) {
            return where + " answered with an error (HTTP " + e.getCode() + ")"
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : ".");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return where + " refused the connection: nothing is listening there.";
            }
            if (cause instanceof UnknownHostException) {
                return where + " cannot be found: its host name does not resolve.";
            }
            if (cause instanceof TimeoutException || cause instanceof InterruptedIOException) {
                return where + " did not answer within " + timeout.toSeconds() + " s.";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return where + " could not be reached securely: " + cause.getMessage();
            }
        }
        return where + " could not be reached: " + Optional.ofNullable(e.getMessage()).orElse("no detail");
    }

    private static ClusterNode node(io.fabric8.kubernetes.api.model.Node node) {
        Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
        String roles = labels.keySet().stream()
                .filter(label -> label.startsWith(ROLE_LABEL) && label.length() > ROLE_LABEL.length())
                .map(label -> label.substring(ROLE_LABEL.length()))
                .sorted()
                .collect(Collectors.joining(","));
        String ready = node.getStatus() == null || node.getStatus().getConditions() == null ? "Unknown"
                : node.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .findFirst()
                        .map(ClusterInspector::readiness)
                        .orElse("Unknown");
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        String version = node.getStatus() == null || node.getStatus().getNodeInfo() == null ? null
                : node.getStatus().getNodeInfo().getKubeletVersion();
        return new ClusterNode(node.getMetadata().getName(), ready + (cordoned ? ",SchedulingDisabled" : ""),
                roles.isEmpty() ? "<none>" : roles, version, instant(node.getMetadata().getCreationTimestamp()),
                labels.get(ARCH_LABEL));
    }

    /** As kubectl prints it: the Ready condition's status True is Ready, anything else NotReady. */
    private static String readiness(NodeCondition ready) {
        return "True".equals(ready.getStatus()) ? "Ready" : "NotReady";
    }

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }

    private static String sentence(String detail) {
        return detail == null || detail.isEmpty() ? "Its kubeconfig is not available"
                : Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
