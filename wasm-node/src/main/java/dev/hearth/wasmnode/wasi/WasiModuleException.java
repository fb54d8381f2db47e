package dev.hearth.wasmnode.wasi;

/**
 * A module the WASI node cannot run at all — not WebAssembly, no {@code _start}, or needing imports
 * the node does not provide. The message is written for a pod's status, so it names what is wrong.
 */
public class WasiModuleException extends RuntimeException {

    public WasiModuleException(String message) {
        super(message);
    }

    public WasiModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
