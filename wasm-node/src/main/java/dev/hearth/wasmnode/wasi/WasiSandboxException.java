package dev.hearth.wasmnode.wasi;

/**
 * A sandbox the node refuses to run a module in, because what it grants would reach further than it
 * says (e.g. a preopened directory holding a symbolic link to elsewhere on the node). The message
 * names the grant and the offending path, for a pod's status.
 */
public class WasiSandboxException extends RuntimeException {

    public WasiSandboxException(String message) {
        super(message);
    }

    public WasiSandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
