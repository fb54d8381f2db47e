package dev.hearth.backend.join;

/**
 * One image in the store: the role the agent uses it for, its tag, the image id {@code docker load}
 * must yield, and the {@code docker save} tarball by its SHA-256.
 */
public record StoredImage(String role, String ref, String imageId, String digest, long bytes) {

    /** As the join answer lists it: {@code image <role> <ref> <image id> <digest> <bytes>}. */
    String line() {
        return "image " + role + " " + ref + " " + imageId + " " + digest + " " + bytes;
    }
}
