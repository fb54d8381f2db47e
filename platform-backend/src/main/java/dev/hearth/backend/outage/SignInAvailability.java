package dev.hearth.backend.outage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether Keycloak, where sign-in happens, answers at all: a TCP connect to its address, at most every
 * few seconds (the answer is cached), never blocking the event loop. Used before a browser is sent to
 * sign in, and by the health check.
 */
@ApplicationScoped
public class SignInAvailability {

    private static final Duration CACHE_FOR = Duration.ofSeconds(3);
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private record Probe(boolean reachable, long atNanos) {
    }

    private final NetClient client;
    private final String host;
    private final int port;
    private final AtomicReference<Probe> last = new AtomicReference<>();

    public SignInAvailability(Vertx vertx, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        URI uri = URI.create(authServerUrl);
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
    }

    public String address() {
        return host + ":" + port;
    }

    public Future<Boolean> reachable() {
        Probe probe = last.get();
        if (probe != null && System.nanoTime() - probe.atNanos() < CACHE_FOR.toNanos()) {
            return Future.succeededFuture(probe.reachable());
        }
        Promise<Boolean> result = Promise.promise();
        client.connect(port, host).onComplete(connected -> {
            boolean up = connected.succeeded();
            if (up) {
                connected.result().close();
            }
            last.set(new Probe(up, System.nanoTime()));
            result.complete(up);
        });
        return result.future();
    }
}
