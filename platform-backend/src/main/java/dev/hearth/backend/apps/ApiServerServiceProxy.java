package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.ClusterClients;
import dev.hearth.backend.problem.ConflictProblem;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reaches an app through its cluster's API server service proxy,
 * {@code /api/v1/namespaces/<ns>/services/<svc>:http/proxy/<path>}, with the cluster's admin
 * credentials from {@link ClusterClients} — the path the backend already uses to read pods. The API
 * server picks a ready endpoint of the Service (the WASI node's web-app pod) and forwards the request;
 * the node's WAGI limits (time, body, output) bound what comes back.
 */
@ApplicationScoped
public class ApiServerServiceProxy implements AppTransport {

    private final ClusterClients clients;
    private final Duration timeout;

    public ApiServerServiceProxy(ClusterClients clients,
            @ConfigProperty(name = "hearth.apps.timeout", defaultValue = "30s") Duration timeout) {
        this.clients = clients;
        this.timeout = timeout;
    }

    @Override
    public AppResponse exchange(AppTarget target, AppRequest request) {
        KubernetesClient kubernetes = clients.of(target.kubeconfig(), timeout);
        String uri = kubernetes.getMasterUrl().toString().replaceFirst("/+$", "") + "/api/v1/namespaces/" + target.namespace()
                + "/services/" + target.service() + ":http/proxy" + request.path()
                + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        String contentType = request.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("content-type") && !header.getValue().isEmpty())
                .map(header -> header.getValue().getFirst()).findFirst().orElse("application/octet-stream");
        HttpRequest.Builder builder = kubernetes.getHttpClient().newHttpRequestBuilder().uri(uri)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            builder.method(request.method(), null, (String) null);
        } else {
            builder.method(request.method(), contentType, new ByteArrayInputStream(request.body()), (long) request.body().length);
        }
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-type")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = kubernetes.getHttpClient().sendAsync(builder.build(), byte[].class)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
            return new AppResponse(response.code(), headers, response.body() == null ? new byte[0] : response.body());
        } catch (ExecutionException | TimeoutException e) {
            throw notAnswering(kubernetes, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAnswering(kubernetes, e);
        }
    }

    private static ConflictProblem notAnswering(KubernetesClient kubernetes, Throwable cause) {
        return new ConflictProblem("cluster-not-answering", "Cluster not answering",
                "the cluster's API server at " + kubernetes.getMasterUrl() + " did not answer: " + cause.getMessage());
    }
}
