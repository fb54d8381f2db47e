package dev.hearth.wasmnode.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A WASI command module checked to be runnable: it parses, exports {@code _start} taking and
 * returning nothing, and imports only {@code wasi_snapshot_preview1} functions the node provides, with
 * their exact types. Checking here, once per module, means a bad image fails with one clear status
 * before any pod starts it. Immutable; one program can be run any number of times, concurrently.
 */
public final class WasiProgram {

    static final String START = "_start";

    /** The WASI functions Chicory provides, by {@code module.name}; the same for every sandbox. */
    private static final Map<String, FunctionType> PROVIDED = providedFunctions();

    private final WasmModule module;
    private final Optional<Function<Instance, Machine>> machineFactory;

    private WasiProgram(WasmModule module, Optional<Function<Instance, Machine>> machineFactory) {
        this.module = module;
        this.machineFactory = machineFactory;
    }

    /**
     * Parses and checks a module.
     *
     * @throws WasiModuleException when the bytes are not a runnable WASI command module
     */
    public static WasiProgram parse(byte[] wasm) {
        WasmModule module;
        try {
            module = Parser.parse(wasm);
        } catch (ChicoryException e) {
            throw new WasiModuleException("not a valid WebAssembly module: " + e.getMessage(), e);
        }
        requireStart(module);
        requireProvidedImports(module);
        return new WasiProgram(module, Optional.empty());
    }

    /** The parsed module, e.g. for a compiler to translate. */
    public WasmModule module() {
        return module;
    }

    /**
     * The same program run by {@code machineFactory} instead of Chicory's interpreter — the module
     * translated to JVM bytecode (see {@code dev.hearth.wasmnode.modules}).
     */
    public WasiProgram withMachineFactory(Function<Instance, Machine> machineFactory) {
        return new WasiProgram(module, Optional.of(Objects.requireNonNull(machineFactory, "machineFactory")));
    }

    /** How instances of this program execute; empty: the interpreter. */
    Optional<Function<Instance, Machine>> machineFactory() {
        return machineFactory;
    }

    private static void requireStart(WasmModule module) {
        Optional<Export> start = exports(module).stream()
                .filter(export -> export.name().equals(START) && export.exportType() == ExternalType.FUNCTION)
                .findFirst();
        if (start.isEmpty()) {
            throw new WasiModuleException("module exports no _start function, so it is not a WASI command"
                    + " (exports: " + exports(module).stream().map(Export::name).collect(Collectors.joining(", "))
                    + ")");
        }
        FunctionType type = functionType(module, start.get().index());
        if (!type.equals(FunctionType.empty())) {
            throw new WasiModuleException("module's _start has type " + type + "; a WASI command's takes and"
                    + " returns nothing");
        }
    }

    private static void requireProvidedImports(WasmModule module) {
        List<String> problems = new ArrayList<>();
        module.importSection().stream().forEach(wanted -> problemWith(module, wanted).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            throw new WasiModuleException("module cannot run on the WASI node: " + String.join("; ", problems));
        }
    }

    private static Optional<String> problemWith(WasmModule module, Import wanted) {
        String name = wanted.module() + "." + wanted.name();
        if (!(wanted instanceof FunctionImport function)) {
            return Optional.of("it imports " + wanted.importType().name().toLowerCase() + " " + name
                    + ", but only wasi_snapshot_preview1 functions are provided");
        }
        FunctionType provided = PROVIDED.get(name);
        if (provided == null) {
            return Optional.of("it imports " + name + ", which the WASI node does not provide");
        }
        FunctionType type = module.typeSection().getType(function.typeIndex());
        return type.equals(provided)
                ? Optional.empty()
                : Optional.of("it imports " + name + " as " + type + ", but WASI defines " + provided);
    }

    private static List<Export> exports(WasmModule module) {
        var section = module.exportSection();
        List<Export> exports = new ArrayList<>(section.exportCount());
        for (int i = 0; i < section.exportCount(); i++) {
            exports.add(section.getExport(i));
        }
        return exports;
    }

    /** A function's type by its index, which counts imported functions first (WebAssembly §2.5.1). */
    private static FunctionType functionType(WasmModule module, int index) {
        List<FunctionImport> imported = module.importSection().stream()
                .filter(FunctionImport.class::isInstance)
                .map(FunctionImport.class::cast)
                .toList();
        if (index < imported.size()) {
            return module.typeSection().getType(imported.get(index).typeIndex());
        }
        return module.functionSection().getFunctionType(index - imported.size(), module.typeSection());
    }

    private static Map<String, FunctionType> providedFunctions() {
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
            return Arrays.stream(wasi.toHostFunctions())
                    .collect(Collectors.toUnmodifiableMap(f -> f.module() + "." + f.name(), HostFunction::functionType));
        }
    }
}
