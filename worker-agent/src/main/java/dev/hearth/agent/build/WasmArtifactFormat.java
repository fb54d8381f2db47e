package dev.hearth.agent.build;

/**
 * The two ways a wasm module travels as an OCI artifact, both of which the wasm-node pulls. Builds
 * push {@link #CNCF}; {@link #WASM_TO_OCI} is Krustlet's older format, kept for tests of the node.
 */
public enum WasmArtifactFormat {

    /** CNCF TAG-Runtime's wasm artifact: {@code application/wasm} layer, v0 config with os and architecture. */
    CNCF("application/vnd.wasm.config.v0+json", "application/wasm"),
    /** wasm-to-oci, as Krustlet pulled it. */
    WASM_TO_OCI("application/vnd.wasm.config.v1+json", "application/vnd.wasm.content.layer.v1+wasm");

    private final String configType;
    private final String layerType;

    WasmArtifactFormat(String configType, String layerType) {
        this.configType = configType;
        this.layerType = layerType;
    }

    public String configType() {
        return configType;
    }

    public String layerType() {
        return layerType;
    }

    /** The config blob for a module whose layer has digest {@code layerDigest}. */
    String config(String layerDigest) {
        return switch (this) {
            case CNCF -> "{\"architecture\":\"wasm\",\"os\":\"wasip1\",\"layerDigests\":[\"" + layerDigest + "\"]}";
            case WASM_TO_OCI -> "{}";
        };
    }
}
