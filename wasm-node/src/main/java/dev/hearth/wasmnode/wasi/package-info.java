/**
 * Running one WASI module ({@code wasi_snapshot_preview1}, exported {@code _start}) on Chicory: the
 * core a pod's container becomes on the WASI node (docs/wasm-node.md). A {@link
 * dev.hearth.wasmnode.wasi.WasiSandbox} says what the module may see, deny by default; a {@link
 * dev.hearth.wasmnode.wasi.WasiProgram} is a module checked to be runnable; the {@link
 * dev.hearth.wasmnode.wasi.WasiRunner} runs one in the other and reports how it ended.
 */
package dev.hearth.wasmnode.wasi;
