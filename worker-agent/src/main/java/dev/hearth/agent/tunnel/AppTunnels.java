package dev.hearth.agent.tunnel;

import dev.hearth.agent.channel.AgentChannel;
import dev.hearth.agent.channel.ChannelLost;
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The agent's end of {@link TunnelTarget.Http} tunnels (docs/agent-channel.md, "Tunnels"): the portal's
 * app proxy reaching a participant's web app through this host's outbound channel, so a host behind NAT
 * serves its apps too. Each tunnel is one TCP connection to an address {@link AppEndpoints} allows — the
 * tunnel's own cluster's WASI node ({@link NodeAddresses}) — chosen from the Service's ready endpoints or
 * the pod's IP as the cluster's API server (with this agent's admin credentials) names them. Frames of
 * tunnels this class does not hold are ignored, so it shares the channel's events with {@link ShellSessions}.
 */
@ApplicationScoped
public class AppTunnels {

    private static final Logger LOG = Logger.getLogger(AppTunnels.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    /** How long a resolved app address is reused (RecentEndpoints): a page's burst of requests resolves once. */
    private static final java.time.Duration RECENT = java.time.Duration.ofSeconds(2);

    private final Function<String, KubernetesClient> connect;
    private final Predicate<String> clusterRunning;
    private final NodeAddresses nodes;
    private final TunnelSettings settings;
    private final Consumer<AgentMessage> out;
    private final ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, AppConnection> open = new ConcurrentHashMap<>();
    /** One client per cluster: reading credentials back from the control plane per request would cost more than the request. */
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();
    private final Vertx connections;
    private final RecentEndpoints recent = new RecentEndpoints(RECENT, System::nanoTime);

    @Inject
    public AppTunnels(ClusterAccess clusters, NodeAddresses nodes, TunnelSettings settings, AgentChannel channel) {
        // One Vert.x for every cluster's client, as PodLogFollowers does, not one per client.
        this(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)), clusters, nodes, settings,
                channel::sendLive);
    }

    private AppTunnels(Vertx vertx, ClusterAccess clusters, NodeAddresses nodes, TunnelSettings settings,
            Consumer<AgentMessage> out) {
        this(cluster -> clusters.adminClient(cluster, new VertxHttpClientFactory(vertx)), clusters::running, nodes,
                settings, out, vertx);
    }

    /** For tests: clients made by {@code connect}. */
    AppTunnels(Function<String, KubernetesClient> connect, Predicate<String> clusterRunning, NodeAddresses nodes,
            TunnelSettings settings, Consumer<AgentMessage> out, Vertx connections) {
        this.connect = connect;
        this.clusterRunning = clusterRunning;
        this.nodes = nodes;
        this.settings = settings;
        this.out = out;
        this.connections = connections;
    }

    void on(@Observes TunnelOpen request) {
        if (request.target() instanceof TunnelTarget.Http http) {
            opening.execute(() -> open(request, http));
        }
    }

    void on(@Observes TunnelData data) {
        AppConnection connection = open.get(data.tunnelId());
        if (connection != null) {
            connection.fromBackend(data.bytes());
        }
    }

    void on(@Observes TunnelAck ack) {
        AppConnection connection = open.get(ack.tunnelId());
        if (connection != null) {
            connection.acked(ack.bytes());
        }
    }

    void on(@Observes TunnelClose close) {
        AppConnection connection = open.remove(close.tunnelId());
        if (connection != null) {
            connection.close();
        }
    }

    void on(@Observes ChannelLost lost) {
        // The backend ended these tunnels with the connection: nobody waits for their answers.
        open.forEach((id, connection) -> {
            if (open.remove(id, connection)) {
                connection.close();
            }
        });
    }

    /** Forgets the clients of clusters this host no longer runs (deleted, stopped). */
    @Scheduled(every = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetGoneClusters() {
        clients.keySet().stream().filter(cluster -> !clusterRunning.test(cluster)).forEach(this::forget);
    }

    void stop(@Observes ShutdownEvent event) {
        open.values().forEach(AppConnection::close);
        opening.shutdownNow();
        clients.keySet().forEach(this::forget);
        if (connections != null) {
            connections.close();
        }
    }

    /** App tunnels open now (tests). */
    public int openTunnels() {
        return open.size();
    }

    void open(TunnelOpen request, TunnelTarget.Http target) {
        try {
            if (open.size() >= settings.maxPerHost()) {
                throw new TunnelRefusedException(TunnelTarget.Http.REFUSED + "this host has " + settings.maxPerHost()
                        + " app connections open, its limit; try again later");
            }
            InetSocketAddress address = recent.get(request.clusterId(), target,
                    () -> AppEndpoints.resolve(client(request.clusterId()), target, nodes.of(request.clusterId())));
            Socket socket = new Socket();
            try {
                socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                socket.close();
                recent.forget(request.clusterId(), target);
                throw new TunnelRefusedException(TunnelTarget.Http.NOT_READY + "the app at " + address.getAddress().getHostAddress() + ":"
                        + address.getPort() + " did not accept a connection: " + e.getMessage());
            }
            AppConnection connection = new AppConnection(socket,
                    new Attachment(request.tunnelId(), false, request.window(), out, settings.stallTimeout()), this::ended);
            open.put(request.tunnelId(), connection);
            connection.start();
        } catch (TunnelRefusedException e) {
            out.accept(new TunnelClose(request.tunnelId(), e.getMessage()));
        } catch (ClusterAccess.ClusterUnavailableException | IllegalArgumentException e) {
            out.accept(new TunnelClose(request.tunnelId(), TunnelTarget.Http.REFUSED + e.getMessage()));
        } catch (KubernetesClientException e) {
            forget(request.clusterId());
            LOG.infof("tunnel %s to cluster %s: its API server did not answer: %s", request.tunnelId(),
                    request.clusterId(), e.getMessage());
            out.accept(new TunnelClose(request.tunnelId(), "the cluster's API server did not answer: " + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.infof("tunnel %s to cluster %s failed: %s", request.tunnelId(), request.clusterId(), e.toString());
            out.accept(new TunnelClose(request.tunnelId(), "the app could not be reached: " + e.getMessage()));
        }
    }

    private void ended(AppConnection connection, String reason) {
        if (open.remove(connection.tunnelId(), connection)) {
            out.accept(new TunnelClose(connection.tunnelId(), reason));
        }
    }

    private KubernetesClient client(String clusterId) {
        return clients.computeIfAbsent(clusterId, connect);
    }

    private void forget(String clusterId) {
        KubernetesClient client = clients.remove(clusterId);
        if (client != null) {
            client.close();
        }
    }
}
