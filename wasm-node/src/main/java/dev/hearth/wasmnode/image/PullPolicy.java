package dev.hearth.wasmnode.image;

/**
 * A container's {@code imagePullPolicy}
 * (https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy).
 */
public enum PullPolicy {
    /** Ask the registry every time; a cached module is reused when the registry names the same digest. */
    ALWAYS,
    /** Use the cached module for this reference when there is one. */
    IF_NOT_PRESENT,
    /** Never ask the registry; fail when the module is not cached. */
    NEVER;

    /**
     * The policy in force: the declared one, or Kubernetes' default when none is declared —
     * {@code Always} for a {@code :latest} (or untagged) image not pinned by digest, else
     * {@code IfNotPresent}.
     *
     * @throws IllegalArgumentException for a value Kubernetes would not accept
     */
    public static PullPolicy of(String declared, ImageReference image) {
        if (declared == null || declared.isEmpty()) {
            return image.floating() ? ALWAYS : IF_NOT_PRESENT;
        }
        return switch (declared) {
            case "Always" -> ALWAYS;
            case "IfNotPresent" -> IF_NOT_PRESENT;
            case "Never" -> NEVER;
            default -> throw new IllegalArgumentException("unknown imagePullPolicy '" + declared
                    + "' (Always, IfNotPresent or Never)");
        };
    }
}
