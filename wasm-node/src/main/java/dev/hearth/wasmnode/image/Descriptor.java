package dev.hearth.wasmnode.image;

import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest or index says about one blob or manifest.
 *
 * @param mediaType its media type
 * @param digest its digest
 * @param size its size in bytes
 * @param platform {@code os/architecture} for an index entry that declares one
 */
record Descriptor(String mediaType, Digest digest, long size, Optional<String> platform) {}
