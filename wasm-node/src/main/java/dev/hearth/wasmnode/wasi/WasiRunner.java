package dev.hearth.wasmnode.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.hearth.kit.lines.LineSplitter;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Runs a {@link WasiProgram}'s {@code _start} inside a {@link WasiSandbox} on Chicory (its interpreter,
 * or the program's compiled form when it has one), on the calling thread, and reports how it ended;
 * interrupting that thread stops the module. Output goes line by line to a {@link ConsoleSink}
 * while the module runs, so a long-running module's logs are visible before it ends. Stateless and
 * thread-safe: every run gets its own instance, memory and WASI state.
 */
public final class WasiRunner {

    /** A WebAssembly page, the unit of {@code memory.grow} (WebAssembly §4.2.8). */
    static final long WASM_PAGE_BYTES = 64 * 1024;
    /** The longest piece of a log line passed on at once; the same 16 KiB containerd uses for partial lines. */
    public static final int MAX_LINE_BYTES = 16 * 1024;

    /**
     * Runs one module to its end.
     *
     * @return {@link WasiOutcome.Exited} with the status from {@code proc_exit} (0 when {@code _start}
     *     returns), {@link WasiOutcome.Trapped} when the module traps, or {@link
     *     WasiOutcome.Interrupted} when the calling thread is interrupted while the module runs
     * @throws WasiModuleException when the module cannot be instantiated (e.g. it fails validation)
     * @throws WasiSandboxException when a preopened directory would let the module out (see {@link
     *     PreopenGuard}); the module does not start
     */
    public WasiOutcome run(WasiProgram program, WasiSandbox sandbox, ConsoleSink console) {
        sandbox.preopens().forEach(PreopenGuard::check);
        LineSplitter stdout = lines(StdStream.STDOUT, console);
        LineSplitter stderr = lines(StdStream.STDERR, console);
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options(sandbox, InputStream.nullInputStream(), stdout, stderr)).build()) {
            return start(instantiate(program, sandbox, wasi));
        } finally {
            stdout.close();
            stderr.close();
        }
    }

    /** A module's stream cut into log lines (docs/logs.md). */
    private static LineSplitter lines(StdStream stream, ConsoleSink console) {
        return new LineSplitter(MAX_LINE_BYTES, text -> console.accept(new ConsoleLine(stream, text)));
    }

    /**
     * Runs one module to its end as a CGI program (a WAGI request): {@code stdin} is the request body,
     * {@code stdout} receives the raw response bytes (the caller bounds them), stderr goes line by line
     * to {@code console}, the pod's log. Outcomes and exceptions as {@link #run(WasiProgram, WasiSandbox, ConsoleSink)}.
     */
    public WasiOutcome run(WasiProgram program, WasiSandbox sandbox, InputStream stdin, OutputStream stdout,
            ConsoleSink console) {
        sandbox.preopens().forEach(PreopenGuard::check);
        LineSplitter stderr = lines(StdStream.STDERR, console);
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options(sandbox, stdin, stdout, stderr)).build()) {
            return start(instantiate(program, sandbox, wasi));
        } finally {
            stderr.close();
        }
    }

    private static WasiOptions options(WasiSandbox sandbox, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        WasiOptions.Builder options = WasiOptions.builder()
                .withArguments(sandbox.arguments())
                .withStdin(stdin, false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withClock(sandbox.clock())
                .withRandom(sandbox.random())
                // proc_exit(0) must end the run too, not fall through to the code after it.
                .withThrowOnExit0(true);
        sandbox.environment().forEach(options::withEnvironment);
        sandbox.preopens().forEach(preopen -> options.withDirectory(preopen.guestPath(), preopen.hostPath()));
        return options.build();
    }

    private static Instance instantiate(WasiProgram program, WasiSandbox sandbox, WasiPreview1 wasi) {
        try {
            Instance.Builder instance = Instance.builder(program.module())
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false);
            program.machineFactory().ifPresent(instance::withMachineFactory);
            sandbox.maxMemoryBytes().ifPresent(max -> memoryLimits(program, max).ifPresent(instance::withMemoryLimits));
            return instance.build();
        } catch (InvalidException | UnlinkableException | UninstantiableException e) {
            throw new WasiModuleException("module cannot be instantiated: " + e.getMessage(), e);
        }
    }

    /**
     * The module's own memory limits, its maximum lowered to {@code maxBytes}, so {@code memory.grow}
     * past the container's memory limit fails inside the module (returns -1) instead of taking the
     * node's heap. Empty when the module declares no memory.
     *
     * @throws WasiModuleException when the module needs more than {@code maxBytes} from the start
     */
    private static Optional<MemoryLimits> memoryLimits(WasiProgram program, long maxBytes) {
        var memories = program.module().memorySection();
        if (memories.isEmpty() || memories.get().memoryCount() == 0) {
            return Optional.empty();
        }
        MemoryLimits declared = memories.get().getMemory(0).limits();
        int maxPages = (int) Math.min(declared.maximumPages(), maxBytes / WASM_PAGE_BYTES);
        if (declared.initialPages() > maxPages) {
            throw new WasiModuleException("the module needs " + declared.initialPages() * WASM_PAGE_BYTES / (1024 * 1024)
                    + " MiB of memory to start, more than its limit of " + maxBytes / (1024 * 1024) + " MiB");
        }
        return Optional.of(new MemoryLimits(declared.initialPages(), maxPages));
    }

    private static WasiOutcome start(Instance instance) {
        try {
            instance.export(WasiProgram.START).apply();
            return new WasiOutcome.Exited(0);
        } catch (WasiExitException e) {
            return new WasiOutcome.Exited(e.exitCode());
        } catch (ChicoryInterruptedException e) {
            // Chicory checks the interrupt flag as the module runs; it is a ChicoryException, not a trap.
            return new WasiOutcome.Interrupted();
        } catch (ChicoryException e) {
            return new WasiOutcome.Trapped(e.getMessage());
        } catch (StackOverflowError e) {
            // The interpreter recurses on the JVM stack, so deep wasm recursion surfaces as this.
            return new WasiOutcome.Trapped("call stack exhausted");
        }
    }
}
