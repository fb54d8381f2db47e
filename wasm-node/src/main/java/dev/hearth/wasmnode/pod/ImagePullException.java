package dev.hearth.wasmnode.pod;

/**
 * An image could not be pulled now — the registry said no, or could not be reached. The message is
 * what the pod's status shows, so it should carry the registry's own words.
 */
public final class ImagePullException extends RuntimeException {

    public ImagePullException(String message) {
        super(message);
    }

    public ImagePullException(String message, Throwable cause) {
        super(message, cause);
    }
}
