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
import java.io.InputStream;

/**
 * Runs a {@link WasiProgram}'s {@code _start} inside a {@link WasiSandbox} on Chicory's interpreter,
 * on the calling thread, and reports how it ended; interrupting that thread stops the module. Output goes line by line to a {@link ConsoleSink}
 * while the module runs, so a long-running module's logs are visible before it ends. Stateless and
 * thread-safe: every run gets its own instance, memory and WASI state.
 */
public final class WasiRunner {

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
        LineSplitter stdout = new LineSplitter(StdStream.STDOUT, console);
        LineSplitter stderr = new LineSplitter(StdStream.STDERR, console);
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options(sandbox, stdout, stderr)).build()) {
            return start(instantiate(program, wasi));
        } finally {
            stdout.close();
            stderr.close();
        }
    }

    private static WasiOptions options(WasiSandbox sandbox, LineSplitter stdout, LineSplitter stderr) {
        WasiOptions.Builder options = WasiOptions.builder()
                .withArguments(sandbox.arguments())
                .withStdin(InputStream.nullInputStream(), false)
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

    private static Instance instantiate(WasiProgram program, WasiPreview1 wasi) {
        try {
            return Instance.builder(program.module())
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false)
                    .build();
        } catch (InvalidException | UnlinkableException | UninstantiableException e) {
            throw new WasiModuleException("module cannot be instantiated: " + e.getMessage(), e);
        }
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
