package dev.hearth.wasmnode.bootstrap;

/** The node could not get or keep its credentials; the message says which step failed and why. */
public final class BootstrapException extends RuntimeException {

    public BootstrapException(String message) {
        super(message);
    }

    public BootstrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
