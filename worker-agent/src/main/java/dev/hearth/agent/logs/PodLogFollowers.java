package dev.hearth.agent.logs;

import dev.hearth.agent.channel.AgentChannel;
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStreamId;
import dev.hearth.protocol.LogStop;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The pod logs this host's agent follows for the backend, one {@link PodLogFollower} per stream, each
 * on a virtual thread of its own (it mostly waits on the API server). A second LogFollow of a followed
 * stream is ignored unless it asks for earlier lines, or for lines sent long enough ago that they must
 * have been lost on the way; then the stream restarts from there. At most
 * {@link LogFollowSettings#maxFollowers()} at once; all stop when the agent does.
 */
@ApplicationScoped
public class PodLogFollowers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodLogFollowers.class);

    private final Function<String, KubernetesClient> clients;
    private final Predicate<String> clusterRunning;
    private final LogFollowSettings settings;
    private final Consumer<LogChunk> out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hearth-log-batches").daemon().factory());
    private final Map<LogStreamId, PodLogFollower> following = new HashMap<>();
    private boolean closed;

    /**
     * One Vert.x for every follower's connection to an API server: fabric8 would otherwise start one per
     * client (event-loop and checker threads each, times max-followers). Not the application's Vert.x:
     * the agent channel's writes from its event loop would then overtake those queued from other threads.
     */
    private final Vertx connections;

    @Inject
    public PodLogFollowers(ClusterAccess clusters, LogFollowSettings settings, AgentChannel channel) {
        this(clusters, settings, channel::send);
    }

    PodLogFollowers(ClusterAccess clusters, LogFollowSettings settings, Consumer<LogChunk> out) {
        this(null, clusters::running, settings, out, clusters);
    }

    PodLogFollowers(Function<String, KubernetesClient> clients, Predicate<String> clusterRunning,
            LogFollowSettings settings, Consumer<LogChunk> out) {
        this(clients, clusterRunning, settings, out, null);
    }

    private PodLogFollowers(Function<String, KubernetesClient> clients, Predicate<String> clusterRunning,
            LogFollowSettings settings, Consumer<LogChunk> out, ClusterAccess clusters) {
        if (clients == null) {
            this.connections = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
            var http = new VertxHttpClientFactory(connections);
            clients = cluster -> clusters.adminClient(cluster, http);
        } else {
            this.connections = null;
        }
        this.clients = clients;
        this.clusterRunning = clusterRunning;
        this.settings = settings;
        this.out = out;
    }

    /** Runs on the channel's thread: only starts or stops a follower, never waits. */
    void on(@Observes LogFollow request) {
        follow(request);
    }

    void on(@Observes LogStop stop) {
        stop(stop.stream());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        close();
    }

    synchronized void follow(LogFollow request) {
        if (closed) {
            return;
        }
        PodLogFollower running = following.get(request.stream());
        if (running != null) {
            if (!running.restartFor(request, System.nanoTime())) {
                return;
            }
            LOG.infof("stream %s asked again from line %d, which this agent sent long ago or not at all: restarting",
                    request.stream(), request.fromSeq());
            following.remove(request.stream());
            running.stop();
        }
        if (following.size() >= settings.maxFollowers()) {
            LOG.warnf("not following %s: this host already follows %d pod logs (hearth.agent.logs.max-followers)",
                    request.stream(), following.size());
            return;
        }
        var batcher = new ChunkBatcher(request.stream(), request.fromSeq(), settings.maxChunkLines(), settings.linger(),
                timer, System::nanoTime, out);
        PodLogFollower[] self = new PodLogFollower[1];
        self[0] = new PodLogFollower(request, clients, clusterRunning, settings, batcher, () -> finished(request.stream(), self[0]));
        following.put(request.stream(), self[0]);
        Thread.ofVirtual().name("hearth-log-" + request.stream()).start(self[0]);
    }

    synchronized void stop(LogStreamId stream) {
        PodLogFollower running = following.remove(stream);
        if (running != null) {
            running.stop();
        }
    }

    /** Streams followed now. */
    synchronized List<LogStreamId> streams() {
        return List.copyOf(following.keySet());
    }

    private synchronized void finished(LogStreamId stream, PodLogFollower follower) {
        following.remove(stream, follower);
    }

    @Override
    public synchronized void close() {
        closed = true;
        following.values().forEach(PodLogFollower::stop);
        following.clear();
        timer.shutdownNow();
        if (connections != null) {
            connections.close();
        }
    }
}
