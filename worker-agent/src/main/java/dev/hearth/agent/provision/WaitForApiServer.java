package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.plan.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The API server answers {@code /readyz} on its published port to the cluster's admin client
 * certificate — the same way, and through the same port, as a participant's kubectl will.
 */
public final class WaitForApiServer implements Step {

    private final DockerClient docker;
    private final Duration timeout;

    WaitForApiServer(DockerClient docker, Duration timeout) {
        this.docker = docker;
        this.timeout = timeout;
    }

    @Override
    public String title() {
        return "Starting API server";
    }

    @Override
    public String action() {
        return "start the API server";
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        String container = context.plan().container(Role.CONTROL_PLANE).orElseThrow().name();
        URI readyz = context.localApiServer().resolve("/readyz");
        try (HttpClient http = HttpClient.newBuilder().sslContext(context.credentials().sslContext())
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            Waits.until("the API server at " + readyz + " to be ready", timeout, () -> {
                if (!ContainerState.running(docker, container)) {
                    throw new IllegalStateException("container " + container + " stopped before the API server was ready");
                }
                return ready(http, readyz);
            });
        }
    }

    private static boolean ready(HttpClient http, URI readyz) throws InterruptedException {
        try {
            var request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            // Not listening yet, or the TLS handshake met a server still starting: ask again.
            return false;
        }
    }
}
