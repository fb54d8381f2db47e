package dev.hearth.backend.join;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code hearth.images.*}: where the images hosts fetch are kept (docs/operations.md "Adding a host").
 * {@code node-image/export-images.sh} fills the directory; {@code ./hearth up} points this at
 * {@code $HEARTH_STATE/images}, a Helm deployment at a volume filled the same way.
 */
@ConfigMapping(prefix = "hearth.images")
public interface ImageStoreSettings {

    /** The image store: {@code index} and {@code blobs/sha256/<hex>}; unset, hosts cannot join by command. */
    Optional<Path> storeDir();
}
