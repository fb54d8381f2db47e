package dev.hearth.backend.logs;

import dev.hearth.backend.problem.ConflictProblem;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import dev.hearth.backend.cluster.ClusterClients;
import dev.hearth.backend.cluster.InspectorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads pods from a cluster's own API server with its admin kubeconfig, through {@link ClusterClients}
 * as ClusterInspector reads nodes: short timeouts, no retries — a page or an API call waits for it.
 */
@ApplicationScoped
public class PodReader {

    private final Duration timeout;
    private final ClusterClients clients;

    public PodReader(ClusterClients clients, InspectorSettings inspector) {
        this.timeout = inspector.timeout();
        this.clients = clients;
    }

    /** The pod, or empty when the namespace holds none of that name. */
    public Optional<Pod> pod(String kubeconfig, String namespace, String name) {
        return call(kubeconfig, k -> Optional.ofNullable(k.pods().inNamespace(namespace).withName(name).get()));
    }

    /** Every pod of the cluster, by namespace then name, as {@code kubectl get pods -A} lists them. */
    public List<PodRow> list(String kubeconfig) {
        return call(kubeconfig, k -> k.pods().inAnyNamespace().list().getItems().stream()
                .map(PodRow::of)
                .sorted(Comparator.comparing(PodRow::namespace).thenComparing(PodRow::name))
                .toList());
    }

    private <T> T call(String kubeconfig, Function<KubernetesClient, T> work) {
        KubernetesClient kubernetes = clients.of(kubeconfig, timeout);
        try {
            return work.apply(kubernetes);
        } catch (KubernetesClientException e) {
            throw new ConflictProblem("cluster-not-answering", "Cluster not answering",
                    "the cluster's API server at " + kubernetes.getMasterUrl() + " did not answer"
                            + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + e.getMessage());
        }
    }

    /** A pod as the cluster page lists it: like {@code kubectl get pods -o wide}. */
    public record PodRow(String namespace, String name, String uid, String status, String node, Instant createdAt,
            List<String> containers) {

        static PodRow of(Pod pod) {
            return new PodRow(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                    status(pod), pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                    pod.getMetadata().getCreationTimestamp() == null ? null : Instant.parse(pod.getMetadata().getCreationTimestamp()),
                    containers(pod));
        }

        /**
         * The STATUS column as kubectl prints it where it matters here: a terminated container's
         * {@code ExitCode:N} (or its reason), a waiting one's reason, else the pod's phase.
         */
        static String status(Pod pod) {
            List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                    ? List.of() : pod.getStatus().getContainerStatuses();
            for (ContainerStatus s : statuses) {
                if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
                    return s.getState().getWaiting().getReason();
                }
            }
            for (ContainerStatus s : statuses) {
                if (s.getState() != null && s.getState().getTerminated() != null) {
                    var t = s.getState().getTerminated();
                    if (t.getReason() != null && !"Completed".equals(t.getReason()) && !"Error".equals(t.getReason())) {
                        return t.getReason();
                    }
                    return "ExitCode:" + t.getExitCode();
                }
            }
            return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
        }

        static List<String> containers(Pod pod) {
            return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                    : pod.getSpec().getContainers().stream().map(c -> c.getName()).toList();
        }
    }
}
