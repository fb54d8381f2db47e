package dev.hearth.wasmnode.image;

import java.util.List;

/** The media types a wasm pull meets (OCI image spec, Docker registry v2, the two wasm artifact formats). */
final class MediaTypes {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** wasm-to-oci (what Krustlet pulled): this layer, config {@code application/vnd.wasm.config.v1+json}. */
    static final String WASM_TO_OCI_LAYER = "application/vnd.wasm.content.layer.v1+wasm";
    static final String WASM_TO_OCI_CONFIG = "application/vnd.wasm.config.v1+json";

    /**
     * The CNCF TAG-Runtime wasm artifact
     * (https://tag-runtime.cncf.io/wgs/wasm/deliverables/wasm-oci-artifact/): this layer, config
     * {@code application/vnd.wasm.config.v0+json}.
     */
    static final String WASM_LAYER = "application/wasm";
    static final String WASM_CONFIG = "application/vnd.wasm.config.v0+json";

    /** Sent as {@code Accept} for manifests: every form this node understands. */
    static final String MANIFEST_ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    static final List<String> INDEXES = List.of(OCI_INDEX, DOCKER_LIST);
    static final List<String> MANIFESTS = List.of(OCI_MANIFEST, DOCKER_MANIFEST);
    static final List<String> WASM_LAYERS = List.of(WASM_TO_OCI_LAYER, WASM_LAYER);

    private MediaTypes() {}
}
