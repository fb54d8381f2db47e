package dev.hearth.wasmnode.pod;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

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

    String stopReason() {
        return stopReason;
    }

    String stopMessage() {
        return stopMessage;
    }
}
