package dev.hearth.wasmnode.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private static Manifest.Index index(String firstPlatform, String secondPlatform) {
        String json = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 10 %s},
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 10 %s}
                ]}""".formatted(A, platform(firstPlatform), B, platform(secondPlatform));
        return (Manifest.Index) Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "", "test");
    }

    private static String platform(String osArch) {
        if (osArch.equals("none")) {
            return "";
        }
        String[] parts = osArch.split("/");
        return ", \"platform\": {\"os\": \"" + parts[0] + "\", \"architecture\": \"" + parts[1] + "\"}";
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "linux/amd64, wasi/wasm, B",
            "wasip1/wasm, linux/arm64, A",
            "linux/amd64, wasm32-wasi/wasm32-wasi, B",
            "linux/amd64, linux/arm64, none"})
    void anIndexYieldsItsWasiEntry(String first, String second, String expected) {
        var entry = index(first, second).wasmEntry();

        assertThat(entry.map(e -> e.digest().toString()).orElse("none"))
                .isEqualTo(switch (expected) {
                    case "A" -> A;
                    case "B" -> B;
                    default -> "none";
                });
    }

    @Test
    void anIndexOfOneManifestYieldsItWhateverItsPlatform() {
        String json = """
                {"mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [
                  {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": "%s", "size": 3,
                   "platform": {"os": "linux", "architecture": "amd64"}}]}""".formatted(A);

        var index = (Manifest.Index) Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "", "test");

        assertThat(index.wasmEntry()).map(Descriptor::digest).map(Digest::toString).contains(A);
    }

    @Test
    void anImageManifestListsItsLayersWithTheirMediaTypes() {
        String json = """
                {"schemaVersion": 2,
                 "config": {"mediaType": "application/vnd.wasm.config.v1+json", "digest": "%s", "size": 2},
                 "layers": [{"mediaType": "application/vnd.wasm.content.layer.v1+wasm", "digest": "%s", "size": 1234}]}
                """.formatted(A, B);

        var image = (Manifest.Image) Manifest.parse(json.getBytes(StandardCharsets.UTF_8),
                "application/vnd.oci.image.manifest.v1+json", "test");

        assertThat(image.config().mediaType()).isEqualTo("application/vnd.wasm.config.v1+json");
        assertThat(image.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.mediaType()).isEqualTo(MediaTypes.WASM_TO_OCI_LAYER);
            assertThat(layer.size()).isEqualTo(1234);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                      | is not JSON
            []                                                            | not a JSON object
            {"schemaVersion": 1, "fsLayers": []}                          | unsupported manifest type
            {"layers": [{"mediaType": "x", "digest": "sha1:00", "size": 1}]} | a manifest entry is malformed
            """)
    void whatIsNoManifestIsRefusedReadably(String body, String message) {
        assertThatThrownBy(() -> Manifest.parse(body.getBytes(StandardCharsets.UTF_8), "", "img"))
                .isInstanceOf(ImagePullException.class)
                .hasMessageContaining(message);
    }
}
