package dev.hearth.wasmnode.pod;

/** A pod's volumes or a container's sandbox cannot be set up as declared; the message says what and why. */
public final class PodSetupException extends RuntimeException {

    public PodSetupException(String message) {
        super(message);
    }

    public PodSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
