package dev.hearth.agent.provision;

import dev.hearth.agent.endpoint.ClusterEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;

/**
 * The host's endpoint routes the cluster: its configuration names the cluster's API server, and
 * {@code /readyz} answers through the endpoint port with the cluster's name as SNI and the admin client
 * certificate — the way a participant's kubectl will reach it, minus the network in between.
 */
final class RouteEndpoint implements Step {

    private final ClusterEndpoint endpoint;
    private final Duration timeout;

    RouteEndpoint(ClusterEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    @Override
    public String title() {
        return "Routing cluster endpoint";
    }

    @Override
    public String action() {
        return "route the cluster endpoint";
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        endpoint.sync();
        String address = endpoint.localAddress();
        URI readyz = URI.create("https://" + (address.contains(":") ? "[" + address + "]" : address) + ":"
                + endpoint.port() + "/readyz");
        SSLParameters tls = new SSLParameters();
        // The JDK client sends the URL's host as SNI unless it is an IP literal; then it keeps these.
        tls.setServerNames(List.of(new SNIHostName(ClusterEndpoint.serverName(context.plan().clusterId()))));
        try (HttpClient http = HttpClient.newBuilder().sslContext(context.credentials().sslContext()).sslParameters(tls)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            Waits.until("the API server to answer through the endpoint at " + readyz + " (the endpoint container "
                    + endpoint.containerName() + " must be running and its port free: see its docker logs)", timeout,
                    () -> ready(http, readyz));
        }
    }

    private static boolean ready(HttpClient http, URI readyz) throws InterruptedException {
        try {
            var request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            // The endpoint is starting or reloading: ask again.
            return false;
        }
    }
}
