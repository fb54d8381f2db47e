/**
 * Turning a pulled module into a runnable program once per digest: parsed and checked, translated to
 * JVM bytecode by Chicory's compiler, and the translation kept on disk, so a second start of the same
 * module — in this node process or after a restart — skips compilation (docs/wasm-node.md).
 */
package dev.hearth.wasmnode.modules;
