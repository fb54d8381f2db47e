package dev.hearth.wasmnode.wasi;

/**
 * Receives a running module's output line by line, stdout and stderr in the order the module
 * completed them — the order {@code kubectl logs} must show (docs/wasm-node.md). Called on the thread that
 * runs the module.
 */
@FunctionalInterface
public interface ConsoleSink {

    void accept(ConsoleLine line);
}
