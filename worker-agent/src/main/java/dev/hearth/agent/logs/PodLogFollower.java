package dev.hearth.agent.logs;

import dev.hearth.agent.provision.ClusterAccess.ClusterUnavailableException;
import dev.hearth.kit.lines.LineSplitter;
import dev.hearth.protocol.LogFollow;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Follows one pod container's log as {@code kubectl logs -f} does and sends its lines as one stream:
 * waits for the container to start, counts lines from 0 and skips those below the request's
 * {@code fromSeq}, re-follows after a dropped connection (skipping what was sent), and ends the stream
 * when the container's run has ended and its log is read, when the pod is gone or replaced (another
 * uid), or at the per-stream line cap. {@link #stop()} gives the stream up without an end.
 */
final class PodLogFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(PodLogFollower.class);
    /** Longer lines go on in pieces; the WASI node cuts them at 16 KiB already, this is a backstop. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final LogFollow request;
    private final Function<String, KubernetesClient> clients;
    private final Predicate<String> clusterRunning;
    private final LogFollowSettings settings;
    private final ChunkBatcher batcher;
    private final Runnable done;
    private volatile boolean stopped;
    private volatile LogWatch watch;
    private volatile Thread thread;
    private final long startedNanos = System.nanoTime();

    PodLogFollower(LogFollow request, Function<String, KubernetesClient> clients, Predicate<String> clusterRunning,
            LogFollowSettings settings, ChunkBatcher batcher, Runnable done) {
        this.request = request;
        this.clients = clients;
        this.clusterRunning = clusterRunning;
        this.settings = settings;
        this.batcher = batcher;
        this.done = done;
    }

    LogFollow request() {
        return request;
    }

    /**
     * Whether a new request for this stream should restart it: it asks for lines before those this
     * follower started from, or for lines it sent more than {@code resendAfter} ago — those were lost
     * on the way (a channel that dropped while they were in flight), since the backend asks for the
     * first line it lacks. At most one such restart per {@code resendAfter}, so a backend that is only
     * slow to store is not flooded with the same lines again.
     */
    boolean restartFor(LogFollow again, long nowNanos) {
        if (again.fromSeq() < request.fromSeq()) {
            return true;
        }
        long resendAfter = settings.resendAfter().toNanos();
        long ago = batcher.sentAgoNanos(again.fromSeq());
        return ago > resendAfter && nowNanos - startedNanos > resendAfter;
    }

    /** Stops following and frees the connection; the stream gets no end (nobody wants it, or the agent stops). */
    void stop() {
        stopped = true;
        batcher.close();
        LogWatch open = watch;
        if (open != null) {
            open.close();
        }
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        boolean ends = false;
        try (KubernetesClient kubernetes = clients.apply(request.clusterId())) {
            String why = follow(kubernetes);
            if (!stopped) {
                LOG.debugf("stream %s ends: %s", request.stream(), why);
                ends = true;
            }
        } catch (ClusterUnavailableException e) {
            LOG.infof("stream %s ends: %s", request.stream(), e.getMessage());
            ends = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.warnf(e, "following %s failed; its stream ends", request.stream());
                ends = true;
            }
        } finally {
            // Forgotten before the end goes out, so whoever sees the end finds the stream no longer
            // followed, and a LogFollow sent after it starts a new follower instead of being ignored.
            done.run();
            if (ends) {
                batcher.end();
            }
        }
    }

    /** Follows until the stream is over; returns why. */
    private String follow(KubernetesClient kubernetes) throws InterruptedException {
        int reconnects = 0;
        while (!stopped) {
            Optional<String> notStarted = awaitStart(kubernetes);
            if (notStarted.isPresent()) {
                return notStarted.get();
            }
            Optional<Throwable> dropped = followOnce(kubernetes);
            if (stopped) {
                return "stopped";
            }
            if (batcher.nextSeq() >= settings.maxLinesPerStream()) {
                return "the stream reached its cap of " + settings.maxLinesPerStream() + " lines";
            }
            if (dropped.isEmpty()) {
                Optional<String> ended = awaitRunEnd(kubernetes);
                if (ended.isPresent()) {
                    return ended.get();
                }
            }
            if (++reconnects > settings.maxReconnects()) {
                return "the log connection dropped " + reconnects + " times"
                        + dropped.map(e -> ", last: " + e.getMessage()).orElse("");
            }
            long backoff = settings.reconnectBackoff().toMillis() << Math.min(reconnects - 1, 10);
            LOG.debugf("stream %s: log connection closed while the container runs; again in %d ms", request.stream(), backoff);
            Thread.sleep(backoff);
        }
        return "stopped";
    }

    /**
     * Reads the log once from its first line, passing on those not sent yet; returns when the log
     * closes, with the error when it closed abnormally (a dropped connection).
     */
    private Optional<Throwable> followOnce(KubernetesClient kubernetes) throws InterruptedException {
        long skip = batcher.nextSeq();
        CompletableFuture<Void> capped = new CompletableFuture<>();
        long[] index = {0};
        var splitter = new LineSplitter(MAX_LINE_BYTES, line -> {
            long seq = index[0]++;
            if (seq < skip || capped.isDone()) {
                return;
            }
            if (seq >= settings.maxLinesPerStream()) {
                capped.complete(null);
                return;
            }
            // A CRLF line is one line: the CR is the writer's line ending, not its text.
            batcher.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        });
        LogWatch opened = kubernetes.pods().inNamespace(request.namespace()).withName(request.pod())
                .inContainer(request.container()).watchLog(splitter);
        watch = opened;
        if (stopped) {
            opened.close();
        }
        CompletableFuture<Throwable> closed = opened.onClose().toCompletableFuture();
        try {
            CompletableFuture.anyOf(closed, capped).get();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } finally {
            watch = null;
            opened.close();
        }
        Throwable cause = closed.getNow(null);
        if (cause == null && closed.isDone()) {
            splitter.close();
        }
        batcher.flush();
        return Optional.ofNullable(cause);
    }

    /** Waits until the container runs or has run; empty when it has, else why the stream ends without it. */
    private Optional<String> awaitStart(KubernetesClient kubernetes) throws InterruptedException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (!stopped) {
            Optional<Pod> pod = read(kubernetes);
            if (pod != null) {
                Optional<String> gone = goneOrReplaced(pod);
                if (gone.isPresent()) {
                    return gone;
                }
                String phase = pod.get().getStatus() == null ? null : pod.get().getStatus().getPhase();
                ContainerState state = state(pod.get());
                if ("Succeeded".equals(phase) || "Failed".equals(phase)
                        || state != null && (state.getRunning() != null || state.getTerminated() != null)) {
                    return Optional.empty();
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.of("container " + request.container() + " did not start within " + settings.startTimeout());
            }
            pause();
        }
        return Optional.of("stopped");
    }

    /**
     * After the log closed normally: waits a little for the pod status to show the run's end (the
     * kubelet closes the log first). Empty when the container still runs, so the log is followed again.
     */
    private Optional<String> awaitRunEnd(KubernetesClient kubernetes) throws InterruptedException {
        long deadline = System.nanoTime() + settings.exitGrace().toNanos();
        while (!stopped) {
            Optional<Pod> pod = read(kubernetes);
            if (pod != null) {
                Optional<String> gone = goneOrReplaced(pod);
                if (gone.isPresent()) {
                    return gone;
                }
                ContainerState state = state(pod.get());
                if (state == null || state.getRunning() == null) {
                    return Optional.of("container " + request.container() + " exited");
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            pause();
        }
        return Optional.of("stopped");
    }

    /**
     * The pod now (empty when absent), or null when the API server did not answer (asked again later).
     *
     * @throws ClusterUnavailableException when the API server did not answer because the cluster is gone
     */
    private Optional<Pod> read(KubernetesClient kubernetes) {
        try {
            return Optional.ofNullable(kubernetes.pods().inNamespace(request.namespace()).withName(request.pod()).get());
        } catch (KubernetesClientException e) {
            if (!clusterRunning.test(request.clusterId())) {
                throw new ClusterUnavailableException("cluster " + request.clusterId() + " is deleted or stopped");
            }
            LOG.debugf("stream %s: reading the pod failed: %s", request.stream(), e.getMessage());
            return null;
        }
    }

    private Optional<String> goneOrReplaced(Optional<Pod> pod) {
        if (pod.isEmpty()) {
            return Optional.of("pod " + request.namespace() + "/" + request.pod() + " is gone");
        }
        if (!request.podUid().equals(pod.get().getMetadata().getUid())) {
            return Optional.of("pod was replaced (uid " + pod.get().getMetadata().getUid() + ", followed " + request.podUid() + ")");
        }
        return Optional.empty();
    }

    private ContainerState state(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> request.container().equals(status.getName()))
                .map(ContainerStatus::getState).findFirst().orElse(null);
    }

    private void pause() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(Math.max(10, settings.pollInterval().toMillis())));
    }
}
