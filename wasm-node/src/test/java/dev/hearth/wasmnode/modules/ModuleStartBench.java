package dev.hearth.wasmnode.modules;

import dev.hearth.wasmnode.image.Digest;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Module start and CPU-bound run times on the node's runtime: interpreted, compiled cold (compile +
 * run), compiled after a node restart (classes from disk) and compiled in memory — the numbers behind
 * the compiled-module cache. Not part of the suite (no Test/IT suffix); run it alone:
 * {@code mvn -pl wasm-node test -Dtest=ModuleStartBench -Dbench.rounds=200 -Dbench.elements=100000}.
 */
class ModuleStartBench {

    private static final int REPEATS = Integer.getInteger("bench.repeats", 3);

    @Test
    void startAndCpuBoundRun() throws IOException {
        String rounds = System.getProperty("bench.rounds", "50");
        String elements = System.getProperty("bench.elements", "20000");
        report("hello (probe.wasm, start to exit)", TestWasm.probe(), List.of());
        report("cpu.wasm " + rounds + " rounds, " + elements + " elements", TestWasm.module("cpu.wasm"), List.of(rounds, elements));
    }

    private static void report(String what, byte[] wasm, List<String> args) throws IOException {
        String digest = Digest.of(wasm).toString();
        System.out.printf("%n%s%n%-28s %10s%n", what, "mode", "ms (best of " + REPEATS + ")");
        long interpreted = Long.MAX_VALUE;
        long cold = Long.MAX_VALUE;
        long disk = Long.MAX_VALUE;
        long memory = Long.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            Path dir = Files.createTempDirectory("bench-compiled");
            interpreted = Math.min(interpreted, time(() -> ModuleCompiler.create(ExecutionMode.INTERPRETED, dir).program(digest, () -> wasm), args));
            ModuleCompiler node = ModuleCompiler.create(ExecutionMode.COMPILED, dir);
            cold = Math.min(cold, time(() -> node.program(digest, () -> wasm), args));
            memory = Math.min(memory, time(() -> node.program(digest, () -> wasm), args));
            ModuleCompiler restarted = ModuleCompiler.create(ExecutionMode.COMPILED, dir);
            disk = Math.min(disk, time(() -> restarted.program(digest, () -> wasm), args));
        }
        System.out.printf("%-28s %10d%n", "interpreted", interpreted);
        System.out.printf("%-28s %10d%n", "compiled, cold (compile)", cold);
        System.out.printf("%-28s %10d%n", "compiled, cached on disk", disk);
        System.out.printf("%-28s %10d%n", "compiled, cached in memory", memory);
    }

    private static long time(java.util.function.Supplier<WasiProgram> program, List<String> args) {
        long start = System.nanoTime();
        WasiOutcome outcome = new WasiRunner().run(program.get(), WasiSandbox.builder().arguments(args).build(), line -> {});
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!outcome.equals(new WasiOutcome.Exited(0))) {
            throw new IllegalStateException("the module ended with " + outcome);
        }
        return millis;
    }
}
