package dev.hearth.wasmnode.pod;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One container's module while it runs on its own thread; its result completes when the module ends.
 * {@link #stop} interrupts it — Chicory checks the interrupt as the module runs, so even an endless
 * loop ends.
 */
public final class RunningModule {

    private final String container;
    private final Instant startedAt;
    private final CompletableFuture<ContainerResult> result = new CompletableFuture<>();
    private volatile Thread thread;
    private volatile String stopReason;
    private volatile String stopMessage;

    RunningModule(String container, Instant startedAt) {
        this.container = container;
        this.startedAt = startedAt;
    }

    public String container() {
        return container;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public CompletableFuture<ContainerResult> result() {
        return result;
    }

    void runOn(Thread thread) {
        this.thread = thread;
    }

    /**
     * Interrupts the module; its result then carries {@code reason} and {@code message}.
     */
    public void stop(String reason, String message) {
        this.stopReason = reason;
        this.stopMessage = message;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    /**
     * Stops the module and waits up to the pod's stop grace for its result; a module stuck where
     * Chicory does not check the interrupt still counts as stopped, with {@code reason}.
     */
    ContainerResult stopAndWait(String reason, String message, PodContext pod) throws InterruptedException {
        stop(reason, message);
        try {
            return result.get(pod.settings().stopGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return new ContainerResult(container, ModuleLauncher.STOPPED_EXIT_CODE, reason, message, startedAt,
                    pod.clock().instant());
        }
    }

    String stopReason() {
        return stopReason;
    }

    String stopMessage() {
        return stopMessage;
    }
}
