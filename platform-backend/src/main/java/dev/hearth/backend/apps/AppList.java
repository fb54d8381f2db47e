package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.ClusterClients;
import dev.hearth.backend.cluster.InspectorSettings;
import dev.hearth.backend.problem.ConflictProblem;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A cluster's web apps: its Services with a port named {@code http} (what the app URL proxies to),
 * read from the cluster's API server as the pods list is.
 */
@ApplicationScoped
public class AppList {

    private final ClusterClients clients;
    private final Duration timeout;

    public AppList(ClusterClients clients, InspectorSettings inspector) {
        this.clients = clients;
        this.timeout = inspector.timeout();
    }

    /** One app as the cluster page lists it. */
    public record App(String namespace, String service) {}

    public List<App> list(String kubeconfig) {
        KubernetesClient kubernetes = clients.of(kubeconfig, timeout);
        try {
            return kubernetes.services().inAnyNamespace().list().getItems().stream()
                    .filter(AppList::hasHttpPort)
                    .map(service -> new App(service.getMetadata().getNamespace(), service.getMetadata().getName()))
                    .sorted(Comparator.comparing(App::namespace).thenComparing(App::service))
                    .toList();
        } catch (KubernetesClientException e) {
            throw new ConflictProblem("cluster-not-answering", "Cluster not answering",
                    "the cluster's API server at " + kubernetes.getMasterUrl() + " did not answer: " + e.getMessage());
        }
    }

    private static boolean hasHttpPort(Service service) {
        return service.getSpec() != null && service.getSpec().getPorts() != null
                && service.getSpec().getPorts().stream().anyMatch(port -> "http".equals(port.getName()));
    }
}
