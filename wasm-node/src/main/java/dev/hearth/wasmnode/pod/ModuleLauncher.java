package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.logs.ContainerLog;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import dev.hearth.wasmnode.wasi.WasiSandboxException;
import dev.hearth.wasmnode.wagi.WagiApp;
import dev.hearth.wasmnode.wagi.WagiLimits;
import dev.hearth.wasmnode.wagi.WagiPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Starts a container's module on a thread of its own, its output going to the run's log, and turns
 * how it ended into the container's terminated state.
 */
public final class ModuleLauncher {

    /** Exit code of a module stopped from outside, as a container runtime reports SIGKILL (128 + 9). */
    static final int STOPPED_EXIT_CODE = 137;
    /** Exit code of a module that trapped, as wasmtime's CLI reports an abort (128 + SIGABRT). */
    static final int TRAPPED_EXIT_CODE = 134;
    /** Exit code of a module that could not start at all. */
    static final int NOT_STARTED_EXIT_CODE = 128;

    /** The interpreter recurses on the JVM stack; wasm code with deep recursion needs room. */
    private static final long MODULE_STACK_BYTES = 16L * 1024 * 1024;

    private final WasiRunner runner = new WasiRunner();
    private final Clock clock;
    private final int maxModules;
    /**
     * One permit per module thread alive. {@link PodAdmission} keeps admitted pods within the cap; this
     * also counts a thread that outlives its pod (a module stopped where Chicory does not look at the
     * interrupt), so such threads cannot pile up past the cap through restarts.
     */
    private final Semaphore threads;

    private final InetAddress appAddress;
    private final WagiLimits appLimits;

    /** @param maxModules the most module threads alive at once */
    public ModuleLauncher(Clock clock, int maxModules) {
        this(clock, maxModules, InetAddress.getLoopbackAddress(), WagiLimits.DEFAULT);
    }

    /**
     * @param appAddress where web apps listen: the node's address, which pods report as their IP
     * @param appLimits the node's limits per WAGI request
     */
    public ModuleLauncher(Clock clock, int maxModules, InetAddress appAddress, WagiLimits appLimits) {
        this.clock = clock;
        this.maxModules = maxModules;
        this.threads = new Semaphore(maxModules);
        this.appAddress = appAddress;
        this.appLimits = appLimits;
    }

    /**
     * Serves a web-app container (a port named {@code http}, see {@link WagiPods}) until it is stopped:
     * the listener is up when this returns, so the pod is Ready only once the app answers. The
     * container "runs" as long as it listens and takes one of the node's module places for that; each
     * request runs the module on a thread of its own, bounded per pod by the WAGI concurrency.
     */
    public RunningModule serve(String threadName, Pod pod, Container container, int port, WasiProgram program,
            WasiSandbox sandbox, ContainerLog log) {
        var module = new RunningModule(container.getName(), clock.instant());
        if (!threads.tryAcquire()) {
            log.close();
            module.result().complete(new ContainerResult(container.getName(), NOT_STARTED_EXIT_CODE, "StartError",
                    "the WASI node already runs its limit of " + maxModules + " modules", module.startedAt(), clock.instant()));
            return module;
        }
        WagiApp app;
        try {
            app = WagiApp.start(appAddress, port, threadName, program, sandbox, WagiPods.route(pod, container),
                    appLimits.forPod(pod.getMetadata().getAnnotations()), log, clock);
        } catch (IOException | IllegalArgumentException e) {
            threads.release();
            log.close();
            module.result().complete(new ContainerResult(container.getName(), NOT_STARTED_EXIT_CODE, "StartError",
                    "cannot serve the app on port " + port + ": " + e.getMessage() + (port < 1024
                            ? " (the WASI node runs unprivileged: web apps listen on ports from 1024 up)" : ""),
                    module.startedAt(), clock.instant()));
            return module;
        }
        Thread thread = Thread.ofVirtual().name(threadName).unstarted(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // stopped: the pod was deleted, its deadline passed or the node shuts down
            } finally {
                app.close();
                log.close();
                threads.release();
                module.result().complete(new ContainerResult(container.getName(), STOPPED_EXIT_CODE,
                        module.stopReason() == null ? "Error" : module.stopReason(), module.stopMessage(),
                        module.startedAt(), clock.instant()));
            }
        });
        module.runOn(thread);
        thread.start();
        return module;
    }

    public RunningModule start(String threadName, String container, WasiProgram program, WasiSandbox sandbox, ContainerLog log) {
        var module = new RunningModule(container, clock.instant());
        if (!threads.tryAcquire()) {
            log.close();
            module.result().complete(new ContainerResult(container, NOT_STARTED_EXIT_CODE, "StartError",
                    "the WASI node already runs its limit of " + maxModules + " modules", module.startedAt(), clock.instant()));
            return module;
        }
        Thread thread = Thread.ofPlatform().name(threadName).daemon(true).stackSize(MODULE_STACK_BYTES).unstarted(() -> {
            try {
                module.result().complete(result(module, runner.run(program, sandbox, log)));
            } catch (WasiModuleException | WasiSandboxException e) {
                module.result().complete(new ContainerResult(container, NOT_STARTED_EXIT_CODE, "StartError",
                        e.getMessage(), module.startedAt(), clock.instant()));
            } catch (RuntimeException | java.lang.Error e) {
                module.result().complete(new ContainerResult(container, NOT_STARTED_EXIT_CODE, "Error",
                        "the node failed running the module: " + e, module.startedAt(), clock.instant()));
            } finally {
                log.close();
                threads.release();
            }
        });
        module.runOn(thread);
        thread.start();
        return module;
    }

    private ContainerResult result(RunningModule module, WasiOutcome outcome) {
        return switch (outcome) {
            case WasiOutcome.Exited exited -> new ContainerResult(module.container(), exited.status(), null, null,
                    module.startedAt(), clock.instant());
            case WasiOutcome.Trapped trapped -> new ContainerResult(module.container(), TRAPPED_EXIT_CODE, "Error",
                    "the module trapped: " + trapped.reason(), module.startedAt(), clock.instant());
            case WasiOutcome.Interrupted interrupted -> new ContainerResult(module.container(), STOPPED_EXIT_CODE,
                    module.stopReason() == null ? "Error" : module.stopReason(), module.stopMessage(),
                    module.startedAt(), clock.instant());
        };
    }
}
