package dev.hearth.wasmnode.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.image.Digest;
import dev.hearth.wasmnode.wasi.ConsoleCapture;
import dev.hearth.wasmnode.wasi.StdStream;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class ModuleCompilerTest {

    @TempDir
    Path cache;

    private static String run(WasiProgram program, String... args) {
        ConsoleCapture console = new ConsoleCapture();
        WasiOutcome outcome = new WasiRunner().run(program, WasiSandbox.builder().arguments(java.util.List.of(args)).build(), console);
        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(0));
        return console.text(StdStream.STDOUT);
    }

    @Test
    void aCompiledModuleBehavesAsTheInterpretedOne() {
        byte[] cpu = TestWasm.module("cpu.wasm");
        String digest = Digest.of(cpu).toString();

        String interpreted = run(ModuleCompiler.create(ExecutionMode.INTERPRETED, cache).program(digest, () -> cpu), "2", "2000");
        String compiled = run(ModuleCompiler.create(ExecutionMode.COMPILED, cache).program(digest, () -> cpu), "2", "2000");

        assertThat(compiled).startsWith("hash=").isEqualTo(interpreted);
    }

    @Test
    void aModuleCompilesOncePerDigestAndARestartedNodeLoadsItFromDisk() {
        byte[] probe = TestWasm.probe();
        String digest = Digest.of(probe).toString();
        AtomicInteger reads = new AtomicInteger();
        Supplier<byte[]> bytes = () -> {
            reads.incrementAndGet();
            return probe;
        };
        ModuleCompiler node = ModuleCompiler.create(ExecutionMode.COMPILED, cache);

        WasiProgram first = node.program(digest, bytes);
        WasiProgram second = node.program(digest, bytes);
        ModuleCompiler restarted = ModuleCompiler.create(ExecutionMode.COMPILED, cache);
        WasiProgram afterRestart = restarted.program(digest, bytes);

        assertThat(second).isSameAs(first);
        assertThat(node.stats()).isEqualTo(new CompileStats(1, 0, 1));
        assertThat(restarted.stats()).as("loaded, not compiled").isEqualTo(new CompileStats(0, 1, 0));
        assertThat(reads).as("bytes read once per process").hasValue(2);
        assertThat(run(afterRestart, "args", "x")).isEqualTo("argc=2\nargv[0]=args\nargv[1]=x\n");
    }

    @Test
    void differentModulesGetTheirOwnCompilation() {
        byte[] probe = TestWasm.probe();
        byte[] cpu = TestWasm.module("cpu.wasm");
        ModuleCompiler node = ModuleCompiler.create(ExecutionMode.COMPILED, cache);

        String probeOut = run(node.program(Digest.of(probe).toString(), () -> probe));
        String cpuOut = run(node.program(Digest.of(cpu).toString(), () -> cpu), "1");

        assertThat(probeOut).isEqualTo("Hello, world!\n");
        assertThat(cpuOut).startsWith("hash=");
        assertThat(node.stats().compilations()).isEqualTo(2);
    }

    @Test
    void anInvalidModuleIsRefusedBeforeCompilation() {
        ModuleCompiler node = ModuleCompiler.create(ExecutionMode.COMPILED, cache);

        assertThatThrownBy(() -> node.program("sha256:00", () -> "not wasm".getBytes()))
                .isInstanceOf(WasiModuleException.class)
                .hasMessageContaining("not a valid WebAssembly module");
        assertThat(node.stats().compilations()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void growingMemoryPastTheLimitFailsInsideTheModule(ExecutionMode mode) {
        byte[] grow = TestWasm.module("grow.wasm");
        WasiProgram program = ModuleCompiler.create(mode, cache).program(Digest.of(grow).toString(), () -> grow);
        WasiRunner runner = new WasiRunner();

        WasiOutcome limited = runner.run(program, WasiSandbox.builder().maxMemoryBytes(8L * 1024 * 1024).build(), line -> {});
        WasiOutcome roomy = runner.run(program, WasiSandbox.builder().maxMemoryBytes(16L * 1024 * 1024).build(), line -> {});
        WasiOutcome unlimited = runner.run(program, WasiSandbox.builder().build(), line -> {});

        assertThat(limited).as("memory.grow returned -1").isEqualTo(new WasiOutcome.Exited(70));
        assertThat(roomy).isEqualTo(new WasiOutcome.Exited(0));
        assertThat(unlimited).isEqualTo(new WasiOutcome.Exited(0));
    }

    @Test
    void aModuleNeedingMoreThanItsLimitToStartIsRefusedReadably() {
        byte[] big = TestWasm.module("big-start.wasm");
        WasiProgram program = ModuleCompiler.create(ExecutionMode.COMPILED, cache).program(Digest.of(big).toString(), () -> big);

        assertThatThrownBy(() -> new WasiRunner().run(program, WasiSandbox.builder().maxMemoryBytes(16L * 1024 * 1024).build(),
                line -> {}))
                .isInstanceOf(WasiModuleException.class)
                .hasMessage("the module needs 32 MiB of memory to start, more than its limit of 16 MiB");
    }
}
