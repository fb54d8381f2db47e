package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.logs.ContainerLogStore;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * What a pod's states work with: the pod, the node's services, and the bookkeeping of this pod's life
 * on the node (its modules, restarts, last results) that the runner renders into the pod's status.
 * One worker thread drives a pod's states, so the bookkeeping needs no locks; {@link #stop} and
 * {@link #update} come from the controller's thread.
 */
public final class PodContext {

    private final PodSettings settings;
    private final ImageStore images;
    private final SandboxFactory sandboxes;
    private final ContainerLogStore logs;
    private final ModuleLauncher launcher;
    private final PodDeleter deleter;
    private final Clock clock;
    private final Instant startTime;
    private final CompletableFuture<Wake> stop = new CompletableFuture<>();
    private volatile Pod pod;
    private final Map<String, ContainerModule> modules = new LinkedHashMap<>();
    private final InitContainers init = new InitContainers();
    private PodVolumes volumes = PodVolumes.NONE;
    private int restarts;
    private List<ContainerResult> lastResults;
    private List<ContainerResult> previousResults = List.of();

    public PodContext(Pod pod, PodSettings settings, ImageStore images, SandboxFactory sandboxes, ContainerLogStore logs,
            ModuleLauncher launcher, PodDeleter deleter, Clock clock) {
        this.pod = pod;
        this.settings = settings;
        this.images = images;
        this.sandboxes = sandboxes;
        this.logs = logs;
        this.launcher = launcher;
        this.deleter = deleter;
        this.clock = clock;
        this.startTime = pod.getStatus() != null && pod.getStatus().getStartTime() != null
                ? Instant.parse(pod.getStatus().getStartTime())
                : clock.instant();
        this.restarts = previousRestarts(pod);
        this.lastResults = previousRun(pod);
    }

    public Pod pod() {
        return pod;
    }

    public String key() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The controller saw a newer version of the pod. */
    public void update(Pod newer) {
        this.pod = newer;
    }

    /** Ends the pod's life here: its waits wake with {@code why}, and its states stop its modules. */
    public void stop(Wake why) {
        stop.complete(why);
    }

    public CompletableFuture<Wake> stopped() {
        return stop;
    }

    /**
     * Waits for {@code duration}, or less when the pod is stopped or its deadline passes first.
     */
    public Wake await(Duration duration) throws InterruptedException {
        Instant until = clock.instant().plus(duration);
        Optional<Instant> deadline = deadline();
        boolean deadlineFirst = deadline.isPresent() && deadline.get().isBefore(until);
        Instant end = deadlineFirst ? deadline.get() : until;
        try {
            return stop.get(Math.max(0, Duration.between(clock.instant(), end).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return deadlineFirst ? Wake.DEADLINE : Wake.ELAPSED;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When {@code activeDeadlineSeconds} runs out, counted from the pod's start on the node. */
    public Optional<Instant> deadline() {
        Long seconds = pod.getSpec().getActiveDeadlineSeconds();
        return seconds == null ? Optional.empty() : Optional.of(startTime.plusSeconds(seconds));
    }

    public Instant startTime() {
        return startTime;
    }

    public PodSettings settings() {
        return settings;
    }

    public ImageStore images() {
        return images;
    }

    public SandboxFactory sandboxes() {
        return sandboxes;
    }

    public ContainerLogStore logs() {
        return logs;
    }

    public ModuleLauncher launcher() {
        return launcher;
    }

    public PodDeleter deleter() {
        return deleter;
    }

    public Clock clock() {
        return clock;
    }

    /** The pod's init containers, in the order they run. */
    public List<io.fabric8.kubernetes.api.model.Container> initContainers() {
        return InitContainers.of(pod);
    }

    /** The init containers' progress and runs on the node. */
    public InitContainers init() {
        return init;
    }

    public Map<String, ContainerModule> modules() {
        return modules;
    }

    public PodVolumes volumes() {
        return volumes;
    }

    public void volumes(PodVolumes mounted) {
        this.volumes = mounted;
    }

    /** How many times the pod's containers were restarted on the node (what kubectl shows as RESTARTS). */
    public int restarts() {
        return restarts;
    }

    public void restarted() {
        restarts++;
    }

    /**
     * The results of the containers' latest finished run: their {@code state} while the pod shows how
     * that run ended, their {@code lastState} once they wait for or run the next one.
     */
    public List<ContainerResult> lastResults() {
        return lastResults;
    }

    /**
     * The results of the run before the latest: the {@code lastState} while the pod shows the latest
     * run's end as its {@code state} — a kubelet never reports a restarted container without one.
     */
    public List<ContainerResult> previousResults() {
        return previousResults;
    }

    /** A run ended with {@code results}; the run that ended before it becomes the previous one. */
    public void lastResults(List<ContainerResult> results) {
        this.previousResults = lastResults;
        this.lastResults = List.copyOf(results);
    }

    /** {@code spec.restartPolicy}, {@code Always} when unset (the API server's default). */
    public String restartPolicy() {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }

    /** A node restarted while the pod ran carries on counting restarts from the pod's status. */
    private static int previousRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(status -> status.getRestartCount() == null ? 0 : status.getRestartCount())
                .max()
                .orElse(0);
    }

    /**
     * A node restarted while the pod ran carries on showing the run before as the containers'
     * {@code lastState}: the pod's status holds it as their state (it had just ended) or last state.
     */
    private static List<ContainerResult> previousRun(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .flatMap(status -> Stream.of(status.getState(), status.getLastState())
                        .filter(state -> state != null && state.getTerminated() != null)
                        .map(state -> ContainerResult.of(status.getName(), state.getTerminated()))
                        .flatMap(Optional::stream)
                        .limit(1))
                .toList();
    }
}
