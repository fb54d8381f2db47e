package dev.hearth.wasmnode.image;

/**
 * A module could not be pulled. The message is what the pod's status shows: the image, and the
 * registry's own words when it gave any (e.g. {@code manifest unknown}).
 */
public final class ImagePullException extends RuntimeException {

    /** What went wrong, as far as the kubelet's reaction goes. */
    public enum Kind {
        /** The registry has no such repository, tag or digest. */
        NOT_FOUND,
        /** The registry refused the credentials, or there were none. */
        UNAUTHORIZED,
        /** The registry could not be reached or answered with a server error: worth retrying. */
        UNREACHABLE,
        /** The image exists but holds no wasm module this node can run, or its content does not verify. */
        INVALID,
        /** {@code imagePullPolicy: Never} and the module is not on the node ({@code ErrImageNeverPull}). */
        NEVER_PULL
    }

    private final Kind kind;

    ImagePullException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    ImagePullException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The waiting reason kubectl shows while the pull fails, as the kubelet names it. */
    public String reason() {
        return kind == Kind.NEVER_PULL ? "ErrImageNeverPull" : "ErrImagePull";
    }
}
