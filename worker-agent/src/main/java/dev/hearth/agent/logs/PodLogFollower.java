package dev.hearth.agent.logs;

import dev.hearth.agent.provision.ClusterAccess.ClusterUnavailableException;
import dev.hearth.kit.lines.LineSplitter;
import dev.hearth.protocol.LogFollow;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Follows one pod container's log as {@code kubectl logs -f} does and sends its lines as one stream:
 * waits for the container to start (on a watch of the pod, {@link WatchedPod}), counts lines from 0 and
 * skips those below the request's {@code fromSeq}, re-follows after a closed connection from the last
 * line read ({@link LogPosition}: {@code sinceTime}, as kubectl resumes), and ends the stream
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
        try (KubernetesClient kubernetes = clients.apply(request.stream().clusterId())) {
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
        try (WatchedPod pod = new WatchedPod(kubernetes, request.namespace(), request.pod(),
                () -> clusterRunning.test(request.stream().clusterId()))) {
            return follow(kubernetes, pod);
        }
    }

    private String follow(KubernetesClient kubernetes, WatchedPod pod) throws InterruptedException {
        LogPosition position = new LogPosition();
        int reconnects = 0;
        while (!stopped) {
            Optional<String> notStarted = awaitStart(pod);
            if (notStarted.isPresent()) {
                return notStarted.get();
            }
            Optional<Throwable> dropped = followOnce(kubernetes, position);
            if (stopped) {
                return "stopped";
            }
            if (batcher.nextSeq() >= settings.maxLinesPerStream()) {
                return "the stream reached its cap of " + settings.maxLinesPerStream() + " lines";
            }
            if (dropped.isEmpty()) {
                Optional<String> ended = awaitRunEnd(pod);
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
            Thread.sleep(backoff); // a back-off before asking the API server again, not a wait for a state
        }
        return "stopped";
    }

    /**
     * Reads the log once — from its first line, or after a closed connection from the last line read
     * ({@link LogPosition}) — passing on the lines not sent yet; returns when the log closes, with the
     * error when it closed abnormally (a dropped connection).
     */
    private Optional<Throwable> followOnce(KubernetesClient kubernetes, LogPosition position) throws InterruptedException {
        long skip = batcher.nextSeq();
        Optional<String> since = position.resumeFrom();
        position.startRead(since.isPresent());
        CompletableFuture<Void> capped = new CompletableFuture<>();
        var splitter = new LineSplitter(MAX_LINE_BYTES, stamped -> {
            if (capped.isDone()) {
                return;
            }
            LogPosition.Line line = position.take(stamped);
            if (line == null || line.seq() < skip) {
                return;
            }
            if (line.seq() >= settings.maxLinesPerStream()) {
                capped.complete(null);
                return;
            }
            // A CRLF line is one line: the CR is the writer's line ending, not its text.
            String text = line.text();
            batcher.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        });
        var log = kubernetes.pods().inNamespace(request.namespace()).withName(request.pod())
                .inContainer(request.container()).usingTimestamps();
        LogWatch opened = since.isPresent() ? log.sinceTime(since.get()).watchLog(splitter) : log.watchLog(splitter);
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
    private Optional<String> awaitStart(WatchedPod pod) throws InterruptedException {
        pod.awaitUntil(now -> goneOrReplaced(now).isPresent() || started(now.get()), settings.startTimeout());
        Optional<Pod> now = pod.current();
        Optional<String> gone = goneOrReplaced(now);
        if (gone.isPresent()) {
            return gone;
        }
        if (now != null && started(now.get())) {
            return Optional.empty();
        }
        return Optional.of("container " + request.container() + " did not start within " + settings.startTimeout());
    }

    /**
     * After the log closed normally: waits a little for the pod status to show the run's end (the
     * kubelet closes the log first). Empty when the container still runs, so the log is followed again.
     */
    private Optional<String> awaitRunEnd(WatchedPod pod) throws InterruptedException {
        pod.awaitUntil(now -> goneOrReplaced(now).isPresent() || !running(now.get()), settings.exitGrace());
        Optional<Pod> now = pod.current();
        Optional<String> gone = goneOrReplaced(now);
        if (gone.isPresent()) {
            return gone;
        }
        if (now != null && !running(now.get())) {
            return Optional.of("container " + request.container() + " exited");
        }
        return Optional.empty();
    }

    private boolean started(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        ContainerState state = state(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase)
                || state != null && (state.getRunning() != null || state.getTerminated() != null);
    }

    private boolean running(Pod pod) {
        ContainerState state = state(pod);
        return state != null && state.getRunning() != null;
    }

    /** Why the stream ends because of the pod itself (gone, or another pod under its name); empty while unknown (null). */
    private Optional<String> goneOrReplaced(Optional<Pod> pod) {
        if (pod == null) {
            return Optional.empty();
        }
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
}
