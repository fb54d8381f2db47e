package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Renders a pod's status from its state and the context's bookkeeping, as the node applies it. A
 * container that simply exited is {@code terminated} with its exit code and no reason, so
 * {@code kubectl get pods} shows {@code ExitCode:0} as it did with Krustlet.
 */
public final class PodStatusRenderer {

    private final InetAddress hostIp;

    public PodStatusRenderer(InetAddress hostIp) {
        this.hostIp = hostIp;
    }

    public Pod render(PodState state, PodContext pod, Instant now) {
        Pod source = pod.pod();
        boolean ready = state instanceof Running;
        String readyReason = ready ? null : finished(state) ? "PodCompleted" : "ContainersNotReady";
        boolean initialized = pod.init().completed() >= pod.initContainers().size();
        List<PodCondition> conditions = List.of(
                condition("Initialized", !(state instanceof Registered) && initialized,
                        initialized ? null : "ContainersNotInitialized", pod.startTime()),
                condition("Ready", ready, readyReason, now),
                condition("ContainersReady", ready, readyReason, now));
        return new PodBuilder()
                .withApiVersion("v1").withKind("Pod")
                .withNewMetadata().withName(source.getMetadata().getName()).withNamespace(source.getMetadata().getNamespace())
                .endMetadata()
                .withNewStatus()
                    .withPhase(apiPhase(state, pod).apiName())
                    .withReason(state.reason())
                    .withMessage(state.message())
                    .withHostIP(hostIp.getHostAddress())
                    // Modules share the node's network, as hostNetwork pods do: a web app listens on the
                    // node's address, so that is the pod's IP the endpoints controller publishes.
                    .withPodIP(hostIp.getHostAddress())
                    .addNewPodIP().withIp(hostIp.getHostAddress()).endPodIP()
                    .addNewHostIP().withIp(hostIp.getHostAddress()).endHostIP()
                    .withStartTime(pod.startTime().toString())
                    .withConditions(conditions)
                    .withInitContainerStatuses(IntStream.range(0, pod.initContainers().size())
                            .mapToObj(index -> initContainerStatus(index, state, pod))
                            .toList())
                    .withContainerStatuses(source.getSpec().getContainers().stream()
                            .map(container -> containerStatus(container, state, pod, initialized))
                            .toList())
                .endStatus()
                .build();
    }

    /**
     * The kubelet's rule for {@code status.phase}: a pod is Pending only until its containers have run
     * once; while they are pulled and started again for a restart it stays Running, as kubectl users
     * expect of a pod in CrashLoopBackOff.
     */
    private static PodPhase apiPhase(PodState state, PodContext pod) {
        return state.phase() == PodPhase.PENDING && pod.restarts() > 0 ? PodPhase.RUNNING : state.phase();
    }

    private static boolean finished(PodState state) {
        return state.phase() == PodPhase.SUCCEEDED || state.phase() == PodPhase.FAILED;
    }

    /**
     * An init container's status: running while it runs, {@code CrashLoopBackOff} while it waits to be
     * started again, then how its latest run ended (the run before as {@code lastState}); one that has
     * not run yet waits with {@code PodInitializing}, as kubectl's {@code Init:N/M} expects.
     */
    private static ContainerStatus initContainerStatus(int index, PodState state, PodContext pod) {
        Container container = pod.initContainers().get(index);
        String name = container.getName();
        InitContainers init = pod.init();
        Optional<ContainerResult> latest = init.latest(name);
        boolean running = state instanceof InitRunning initRunning && initRunning.index() == index;
        boolean backingOff = state instanceof CrashLoopBackoff backoff && name.equals(backoff.initContainer());
        ContainerState current;
        Optional<ContainerResult> last;
        if (running) {
            current = new ContainerStateBuilder().withNewRunning()
                    .withStartedAt(((InitRunning) state).module().startedAt().toString()).endRunning().build();
            last = latest;
        } else if (backingOff) {
            current = waiting("CrashLoopBackOff", "back-off " + ((CrashLoopBackoff) state).delay().toSeconds()
                    + "s restarting failed container=" + name + " pod=" + pod.pod().getMetadata().getName());
            last = latest;
        } else if (latest.isPresent()) {
            current = terminated(latest.get());
            last = init.previous(name);
        } else {
            current = notRun(state);
            last = Optional.empty();
        }
        return new ContainerStatusBuilder()
                .withName(name)
                .withImage(container.getImage())
                .withImageID(Optional.ofNullable(pod.modules().get(name)).map(ContainerModule::imageId).orElse(""))
                .withReady(index < init.completed())
                .withStarted(running)
                .withRestartCount(init.restarts(name))
                .withState(current)
                .withLastState(last.map(PodStatusRenderer::terminated).orElseGet(ContainerState::new))
                .build();
    }

    /** The waiting state of an init container that has not run (yet). */
    private static ContainerState notRun(PodState state) {
        return switch (state) {
            case ImagePullBackoff backoff -> waiting("ImagePullBackOff", backoff.message());
            case Failed failed when !failed.reason().equals(InitRunning.INIT_FAILED) && failed.results().isEmpty() ->
                    waiting(failed.reason(), failed.message());
            default -> waiting(InitRunning.REASON, null);
        };
    }

    private static ContainerStatus containerStatus(Container container, PodState state, PodContext pod, boolean initialized) {
        Optional<ContainerModule> module = Optional.ofNullable(pod.modules().get(container.getName()));
        ContainerState current = switch (state) {
            case Running running -> new ContainerStateBuilder().withNewRunning()
                    .withStartedAt(running.startedAt().toString()).endRunning().build();
            case Completed completed -> terminated(byContainer(completed.results()).get(container.getName()));
            case Error error -> terminated(byContainer(error.results()).get(container.getName()));
            case Failed failed when !failed.results().isEmpty() ->
                    terminated(byContainer(failed.results()).get(container.getName()));
            case Failed failed when !initialized -> waiting(InitRunning.REASON, null);
            case Failed failed -> waiting(failed.reason(), failed.message());
            case ImagePullBackoff backoff -> waiting("ImagePullBackOff", backoff.message());
            case CrashLoopBackoff backoff when backoff.initContainer() == null -> waiting("CrashLoopBackOff", "back-off " + backoff.delay().toSeconds()
                    + "s restarting failed container=" + container.getName() + " pod=" + pod.pod().getMetadata().getName());
            default -> waiting(initialized ? "ContainerCreating" : InitRunning.REASON, null);
        };
        ContainerResult lastRun = byContainer(showsLatestRun(state) ? pod.previousResults() : pod.lastResults())
                .get(container.getName());
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(module.map(ContainerModule::imageId).orElse(""))
                .withReady(state instanceof Running)
                .withStarted(state instanceof Running)
                .withRestartCount(pod.restarts())
                .withState(current)
                .withLastState(lastRun == null ? new ContainerState() : terminated(lastRun))
                .build();
    }

    /**
     * Whether the state shows the latest run's end as the containers' {@code state}: then their
     * {@code lastState} is the run before it; otherwise it is the latest run. Either way a container
     * that has restarted always has a {@code lastState}, as a kubelet reports it.
     */
    private static boolean showsLatestRun(PodState state) {
        return state instanceof Completed || state instanceof Error
                || state instanceof Failed failed && !failed.results().isEmpty();
    }

    private static Map<String, ContainerResult> byContainer(List<ContainerResult> results) {
        return results.stream().collect(Collectors.toMap(ContainerResult::container, Function.identity(), (a, b) -> b));
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerResult result) {
        if (result == null) {
            return waiting("ContainerCreating", null);
        }
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(result.exitCode())
                .withReason(result.reason())
                .withMessage(result.message())
                .withStartedAt(result.startedAt().toString())
                .withFinishedAt(result.finishedAt().toString())
                .endTerminated()
                .build();
    }

    private static PodCondition condition(String type, boolean status, String reason, Instant since) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withReason(reason)
                .withLastTransitionTime(since.toString())
                .build();
    }
}
