package dev.hearth.wasmnode.modules;

/** How the node executes modules; {@code HEARTH_WASM_EXECUTION} picks one. */
public enum ExecutionMode {
    /** Translated to JVM bytecode once per digest, the translation cached on disk: the default. */
    COMPILED,
    /** Chicory's interpreter: no compilation, slower code; for comparison and as a fallback. */
    INTERPRETED
}
