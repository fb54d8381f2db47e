package dev.hearth.backend.cluster;

import dev.hearth.backend.support.Secrets;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.runtime.StartupEvent;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way the backend talks to a cluster's own API server (pages listing nodes and pods, pod
 * logs, the guided demo): a fabric8 client made from the cluster's admin credentials (only server, CA
 * and client certificate and key: {@link ClusterKubeconfig}), with a short
 * timeout and no retries, since a page or an API call waits for it. Clients are kept per kubeconfig
 * and timeout and reused, so a burst of calls (a class opening 300 log panels) shares one TLS
 * connection instead of making a client each; one unused for {@link #IDLE} is closed.
 * Callers never close a client they got here.
 */
@ApplicationScoped
public class ClusterClients {

    static final Duration IDLE = Duration.ofMinutes(2);

    private final Clock clock;
    /** Quarkus's own Vert.x, so the clients do not start (and leak) event loops of their own. */
    private final HttpClient.Factory http;
    private final Vertx vertx;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    /** One for every client: the deserializers of the model, built once, not once per cluster. */
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public ClusterClients(Clock clock, Vertx vertx) {
        this.clock = clock;
        this.http = new VertxHttpClientFactory(vertx);
        this.vertx = vertx;
    }

    /** Off the start-up thread: the backend answers at once, the first page listing pods finds the model loaded. */
    void warmUp(@Observes StartupEvent started) {
        Thread.ofVirtual().name("hearth-model-warm-up").start(() -> ModelWarmUp.warm(serialization));
    }

    /**
     * A client of the API server {@code kubeconfig} names, whose calls fail after {@code timeout}.
     *
     * @throws ClusterKubeconfig.UntrustedKubeconfigException when it holds more than Hearth's own credentials
     *         (a kubeconfig stored before they were checked); nothing it names is run or fetched
     */
    public KubernetesClient of(String kubeconfig, Duration timeout) {
        Key key = new Key(Secrets.sha256(kubeconfig), timeout);
        Kept client = kept.compute(key, (k, existing) -> existing != null
                ? existing.used(clock.instant())
                : new Kept(build(kubeconfig, timeout), clock.instant()));
        return client.client();
    }

    private KubernetesClient build(String kubeconfig, Duration timeout) {
        // Never Config.fromKubeconfig: it would run an exec plugin or read files the kubeconfig names.
        Config config = ClusterKubeconfig.parse(kubeconfig).clientConfig();
        int millis = Math.toIntExact(timeout.toMillis());
        config.setConnectionTimeout(millis);
        config.setRequestTimeout(millis);
        config.setRequestRetryBackoffLimit(0);
        // A kubeconfig through a host's endpoint names the host's public address and the cluster's
        // name as tls-server-name: the backend goes the way a participant's kubectl goes, so it needs
        // no route to the host's loopback (a host behind NAT would need a relay; docs/operations.md).
        HttpClient.Factory factory = tlsServerName(kubeconfig)
                .<HttpClient.Factory>map(name -> new ServerNameClientFactory(vertx, name))
                .orElse(http);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(factory)
                .withKubernetesSerialization(serialization).build();
    }

    /** The current context's cluster's {@code tls-server-name}, which fabric8's Config leaves out. */
    static Optional<String> tlsServerName(String kubeconfig) {
        io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfigFromString(kubeconfig);
        String clusterName = parsed.getContexts().stream().filter(c -> c.getName().equals(parsed.getCurrentContext()))
                .findFirst().map(c -> c.getContext().getCluster()).orElse(null);
        return parsed.getClusters().stream().filter(c -> c.getName().equals(clusterName)).findFirst()
                .map(c -> c.getCluster().getTlsServerName()).filter(name -> !name.isBlank());
    }

    /** Closes the clients nobody used for {@link #IDLE}: their clusters may be gone. */
    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeIdle() {
        Instant before = clock.instant().minus(IDLE);
        for (Key key : kept.keySet()) {
            // Atomic per key with of(): a client handed out meanwhile is fresh again and stays.
            kept.computeIfPresent(key, (k, client) -> {
                if (client.lastUsed().isBefore(before)) {
                    client.client().close();
                    return null;
                }
                return client;
            });
        }
    }

    @PreDestroy
    void closeAll() {
        kept.values().forEach(k -> k.client().close());
        kept.clear();
    }

    private record Key(String kubeconfigHash, Duration timeout) {
    }

    private record Kept(KubernetesClient client, Instant lastUsed) {

        Kept used(Instant at) {
            return new Kept(client, at);
        }
    }
}
