package dev.hearth.wasmnode.modules;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import dev.hearth.wasmnode.wasi.WasiProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes runnable programs from module bytes, once per module digest: parsed and checked
 * ({@link WasiProgram#parse}), then — in {@link ExecutionMode#COMPILED} — translated to JVM bytecode by
 * Chicory's compiler, whose output is kept on disk (keyed by the module's digest) and the last
 * programs in memory. So the second start of a module skips compilation, and after a node restart
 * only loads the classes. Thread-safe.
 */
public final class ModuleCompiler {

    /** Programs kept in memory: each holds its generated classes, so the set is bounded. */
    static final int DEFAULT_MEMORY_ENTRIES = 16;

    private final ExecutionMode mode;
    private final DiskCache disk;
    private final Map<String, WasiProgram> memory;
    private final AtomicLong memoryHits = new AtomicLong();

    private ModuleCompiler(ExecutionMode mode, DiskCache disk, int memoryEntries) {
        this.mode = mode;
        this.disk = disk;
        this.memory = new LinkedHashMap<>(memoryEntries, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WasiProgram> eldest) {
                return size() > memoryEntries;
            }
        };
    }

    /**
     * A compiler caching under {@code cacheDir}.
     *
     * @throws UncheckedIOException when the directory cannot be made
     */
    public static ModuleCompiler create(ExecutionMode mode, Path cacheDir) {
        try {
            return new ModuleCompiler(mode, new DiskCache(cacheDir), DEFAULT_MEMORY_ENTRIES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the compiled-module cache in " + cacheDir, e);
        }
    }

    /**
     * The program for a module.
     *
     * @param digest the module's digest ({@code sha256:<hex>}), the key it is cached under
     * @param wasm its bytes, read only when it is not cached in memory
     * @throws WasiModuleException when the bytes are no runnable WASI module
     */
    public WasiProgram program(String digest, Supplier<byte[]> wasm) {
        synchronized (memory) {
            WasiProgram cached = memory.get(digest);
            if (cached != null) {
                memoryHits.incrementAndGet();
                return cached;
            }
        }
        WasiProgram program = WasiProgram.parse(wasm.get());
        if (mode == ExecutionMode.COMPILED) {
            program = program.withMachineFactory(compile(program));
        }
        synchronized (memory) {
            memory.putIfAbsent(digest, program);
            return memory.get(digest);
        }
    }

    public ExecutionMode mode() {
        return mode;
    }

    public CompileStats stats() {
        return new CompileStats(disk.stores(), disk.hits(), memoryHits.get());
    }

    /**
     * Compiles, or loads an earlier compilation from disk. Functions too large for one JVM method are
     * left to the interpreter, silently: the module still runs, those functions just run slower.
     */
    private Function<Instance, Machine> compile(WasiProgram program) {
        try {
            return MachineFactoryCompiler.builder(program.module())
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .withCache(disk)
                    .compile();
        } catch (ChicoryException | IllegalArgumentException | IllegalStateException e) {
            throw new WasiModuleException("the module cannot be compiled: " + e.getMessage(), e);
        }
    }
}
