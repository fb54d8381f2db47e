package dev.hearth.wasmnode.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pod's modules run. The state ends when they all have, when the pod's deadline passes (the
 * modules are stopped: a runaway module never wedges the node), or when the pod is deleted or the
 * node shuts down (the modules are stopped too).
 *
 * @param modules the running modules, one per container
 */
public record Running(List<RunningModule> modules) implements PodState {

    public Running {
        modules = List.copyOf(modules);
    }

    @Override
    public PodPhase phase() {
        return PodPhase.RUNNING;
    }

    @Override
    public String reason() {
        return "Running";
    }

    /** When the containers started, as their {@code state.running.startedAt}. */
    public Instant startedAt() {
        return modules.getFirst().startedAt();
    }

    @Override
    public Transition next(PodContext pod) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(modules.stream().map(RunningModule::result)
                .toArray(CompletableFuture[]::new));
        boolean deadlinePassed = !awaitEndOrStop(CompletableFuture.anyOf(all, pod.stopped()), pod.deadline(), pod);
        if (pod.stopped().isDone()) {
            Wake why = pod.stopped().join();
            List<ContainerResult> results = stopAll(pod, why == Wake.DELETED ? "Terminated" : "NodeShutdown",
                    why == Wake.DELETED ? "the pod was deleted" : "the WASI node shut down");
            pod.lastResults(results);
            return Transition.to(why == Wake.DELETED ? new Terminated() : Failed.nodeShutdown(results));
        }
        if (deadlinePassed) {
            List<ContainerResult> results = stopAll(pod, Failed.DEADLINE_EXCEEDED, Failed.DEADLINE_MESSAGE);
            pod.lastResults(results);
            return Transition.to(Failed.deadlineExceeded(results));
        }
        List<ContainerResult> results = modules.stream().map(module -> module.result().join()).toList();
        pod.lastResults(results);
        boolean succeeded = results.stream().allMatch(ContainerResult::succeeded);
        String policy = pod.restartPolicy();
        return succeeded
                ? Transition.to(new Completed(results, policy.equals("Always")))
                : Transition.to(new Error(results, !policy.equals("Never")));
    }

    /** @return false when the deadline passed first */
    static boolean awaitEndOrStop(CompletableFuture<Object> end, Optional<Instant> deadline, PodContext pod)
            throws InterruptedException {
        try {
            if (deadline.isEmpty()) {
                end.get();
            } else {
                end.get(Math.max(0, Duration.between(pod.clock().instant(), deadline.get()).toMillis()), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a module's run failed unexpectedly", e.getCause());
        }
    }

    private List<ContainerResult> stopAll(PodContext pod, String reason, String message) throws InterruptedException {
        modules.forEach(module -> module.stop(reason, message));
        List<ContainerResult> results = new ArrayList<>();
        for (RunningModule module : modules) {
            results.add(module.stopAndWait(reason, message, pod));
        }
        return results;
    }
}
