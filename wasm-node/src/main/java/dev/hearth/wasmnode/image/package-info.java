/**
 * Pulling wasm modules from OCI registries (the OCI distribution spec,
 * https://github.com/opencontainers/distribution-spec): image references, {@code imagePullPolicy},
 * {@code imagePullSecrets}, registry mirrors, both wasm artifact formats (wasm-to-oci and the CNCF
 * TAG-Runtime {@code application/wasm} artifact), and a digest-keyed module cache on disk (docs/wasm-node.md).
 * {@link dev.hearth.wasmnode.image.ImagePuller} is the entry point.
 */
package dev.hearth.wasmnode.image;
