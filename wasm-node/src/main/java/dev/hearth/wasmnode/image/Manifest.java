package dev.hearth.wasmnode.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A manifest document from a registry: an index of manifests, or one image manifest. */
sealed interface Manifest {

    /** An OCI image index or Docker manifest list. */
    record Index(List<Descriptor> manifests) implements Manifest {

        public Index {
            manifests = List.copyOf(manifests);
        }

        /**
         * The entry a WASI node runs: one for a WASI OS on a wasm architecture ({@code wasi/wasm},
         * {@code wasip1/wasm} as the CNCF artifact spec writes it, or {@code wasm32-wasi} as
         * Krustlet-era tools did), else the only entry.
         */
        Optional<Descriptor> wasmEntry() {
            Optional<Descriptor> wasm = manifests.stream()
                    .filter(entry -> entry.platform().filter(Index::isWasm).isPresent())
                    .findFirst();
            return wasm.isPresent() || manifests.size() != 1 ? wasm : Optional.of(manifests.getFirst());
        }

        private static boolean isWasm(String platform) {
            int slash = platform.indexOf('/');
            return platform.contains("wasm32-wasi")
                    || (platform.startsWith("wasi") && platform.substring(slash + 1).startsWith("wasm"));
        }
    }

    /** One image or artifact manifest (OCI or Docker v2). */
    record Image(Descriptor config, List<Descriptor> layers) implements Manifest {

        public Image {
            layers = List.copyOf(layers);
        }
    }

    ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses a manifest the registry served with {@code contentType}; when the header is vague, the
     * document's own {@code mediaType}, then its shape, decide.
     *
     * @throws ImagePullException when it is not a manifest this node understands
     */
    static Manifest parse(byte[] body, String contentType, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": the registry's manifest is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": the registry's manifest is not a JSON object");
        }
        String type = root.path("mediaType").asText(contentType == null ? "" : contentType);
        if (MediaTypes.INDEXES.contains(type) || (!MediaTypes.MANIFESTS.contains(type) && root.has("manifests"))) {
            List<Descriptor> entries = new ArrayList<>();
            root.path("manifests").forEach(entry -> entries.add(descriptor(entry, what)));
            return new Index(entries);
        }
        if (MediaTypes.MANIFESTS.contains(type) || root.has("layers")) {
            List<Descriptor> layers = new ArrayList<>();
            root.path("layers").forEach(layer -> layers.add(descriptor(layer, what)));
            return new Image(descriptor(root.path("config"), what), layers);
        }
        throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": unsupported manifest type '" + type
                + "' (schema 1 manifests and other formats are not supported)");
    }

    private static Descriptor descriptor(JsonNode node, String what) {
        try {
            JsonNode platform = node.get("platform");
            Optional<String> os = Optional.ofNullable(platform)
                    .map(p -> p.path("os").asText("") + "/" + p.path("architecture").asText(""));
            return new Descriptor(node.path("mediaType").asText(""), Digest.parse(node.path("digest").asText(null)),
                    node.path("size").asLong(-1), os);
        } catch (IllegalArgumentException e) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": a manifest entry is malformed: "
                    + e.getMessage());
        }
    }
}
