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
    private final String detail;

    public ImagePullException(Kind kind, String message) {
        this(kind, message, message, null);
    }

    public ImagePullException(Kind kind, String message, Throwable cause) {
        this(kind, message, message, cause);
    }

    ImagePullException(Kind kind, String message, String detail, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.detail = detail;
    }

    /** The message without the leading "failed to pull <image>", for callers that name the image themselves. */
    public String detail() {
        return detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The waiting reason kubectl shows while the pull fails, as the kubelet names it. */
    public String reason() {
        return kind == Kind.NEVER_PULL ? "ErrImageNeverPull" : "ErrImagePull";
    }
}
