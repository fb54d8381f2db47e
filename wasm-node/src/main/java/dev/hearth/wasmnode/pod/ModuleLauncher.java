package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.logs.ContainerLog;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import dev.hearth.wasmnode.wasi.WasiSandboxException;
import java.time.Clock;
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

    /** @param maxModules the most module threads alive at once */
    public ModuleLauncher(Clock clock, int maxModules) {
        this.clock = clock;
        this.maxModules = maxModules;
        this.threads = new Semaphore(maxModules);
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
