package dev.hearth.wasmnode.pod;

import java.util.List;

/**
 * The init container at {@code index} runs, alone: the next one (or the app containers, after the
 * last) starts only once it has exited 0. One that fails fails the pod under {@code restartPolicy:
 * Never} — with a reason and message naming it, and nothing after it runs — and is started again after
 * a back-off otherwise, as a kubelet does. Deletion, node shutdown and the pod's deadline stop it as
 * they stop app containers.
 *
 * @param index the running init container's place in {@code spec.initContainers}
 * @param module its module
 */
public record InitRunning(int index, RunningModule module) implements PodState {

    /** The pod's {@code status.reason} while its init containers run. */
    static final String REASON = "PodInitializing";
    /** The pod's {@code status.reason} when an init container failed under {@code restartPolicy: Never}. */
    static final String INIT_FAILED = "InitContainerFailed";

    @Override
    public PodPhase phase() {
        return PodPhase.PENDING;
    }

    @Override
    public String reason() {
        return REASON;
    }

    @Override
    public Transition next(PodContext pod) throws InterruptedException {
        boolean deadlinePassed = !Running.awaitEndOrStop(java.util.concurrent.CompletableFuture.anyOf(module.result(),
                pod.stopped()), pod.deadline(), pod);
        if (pod.stopped().isDone()) {
            Wake why = pod.stopped().join();
            pod.init().ended(module.stopAndWait(why == Wake.DELETED ? "Terminated" : "NodeShutdown",
                    why == Wake.DELETED ? "the pod was deleted" : "the WASI node shut down", pod));
            return Transition.to(why == Wake.DELETED ? new Terminated() : Failed.nodeShutdown(List.of()));
        }
        if (deadlinePassed) {
            pod.init().ended(module.stopAndWait(Failed.DEADLINE_EXCEEDED, Failed.DEADLINE_MESSAGE, pod));
            return Transition.to(Failed.deadlineExceeded(List.of()));
        }
        ContainerResult result = module.result().join();
        pod.init().ended(result);
        String name = module.container();
        if (result.succeeded()) {
            pod.init().completed(index + 1);
            return Transition.to(index + 1 < pod.initContainers().size() ? new InitStarting(index + 1) : new Starting());
        }
        if (pod.restartPolicy().equals("Never")) {
            return Transition.to(new Failed(INIT_FAILED, "init container " + name + " " + describe(result)
                    + " and the pod's restartPolicy is Never: the containers after it did not run", List.of()));
        }
        return Transition.to(new CrashLoopBackoff(pod.settings().crashLoop().delay(pod.init().restarts(name) + 1), name));
    }

    private static String describe(ContainerResult result) {
        String how = result.reason() == null ? "exited with code " + result.exitCode()
                : "ended with " + result.reason() + " (exit code " + result.exitCode() + ")";
        return result.message() == null ? how : how + ": " + result.message();
    }
}
