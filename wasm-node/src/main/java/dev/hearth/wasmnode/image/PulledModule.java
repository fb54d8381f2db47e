package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A wasm module on the node, ready to run.
 *
 * @param image the reference it was pulled as
 * @param manifestDigest the manifest it came from: the pod status's {@code imageID}
 * @param digest the module's own digest (its layer's), the key of every cache of it
 * @param file where it is on disk
 * @param downloaded whether this pull fetched its bytes (false: the cache had them)
 */
public record PulledModule(ImageReference image, Digest manifestDigest, Digest digest, Path file, boolean downloaded) {

    /** The module's bytes. */
    public byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read module " + digest + " from " + file, e);
        }
    }

    /** The pod status's {@code imageID}: the image by the digest of what was pulled. */
    public String imageId() {
        return image.registry() + "/" + image.repository() + "@" + manifestDigest;
    }
}
