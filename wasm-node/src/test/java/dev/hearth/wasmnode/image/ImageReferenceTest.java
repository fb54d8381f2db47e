package dev.hearth.wasmnode.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            hello                                    | docker.io             | library/hello         | latest | -
            hello:1.0                                | docker.io             | library/hello         | 1.0    | -
            deislabs/hello-wasm:v1                   | docker.io             | deislabs/hello-wasm   | v1     | -
            index.docker.io/library/hello            | docker.io             | library/hello         | latest | -
            hearth-registry:5000/alice/hello:v1      | hearth-registry:5000  | alice/hello           | v1     | -
            localhost/hello                          | localhost             | hello                 | latest | -
            127.0.0.1:5000/a/b/c:x_y.z-1             | 127.0.0.1:5000        | a/b/c                 | x_y.z-1 | -
            webassembly.azurecr.io/hello-wasm@DIGEST | webassembly.azurecr.io | hello-wasm           | -      | DIGEST
            ghcr.io/o/hello:v2@DIGEST                | ghcr.io               | o/hello               | v2     | DIGEST
            """)
    void parsesAsDockerAndKubernetesDo(String image, String registry, String repository, String tag, String digest) {
        ImageReference reference = ImageReference.parse(image.replace("DIGEST", DIGEST));

        assertThat(reference.registry()).isEqualTo(registry);
        assertThat(reference.repository()).isEqualTo(repository);
        assertThat(reference.tag().orElse(null)).isEqualTo(tag);
        assertThat(reference.digest().map(Digest::toString).orElse(null)).isEqualTo(digest == null ? null : DIGEST);
        assertThat(reference.manifestReference()).isEqualTo(digest != null ? DIGEST : tag);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Hello                         | invalid repository name 'library/Hello'
            registry:5000/a:b!            | invalid tag
            hello@sha256:abc              | not a SHA-256 digest
            hello@md5:0123                | only sha256:<hex> is supported
            '   '                         | the image name is empty
            """)
    void refusesWhatNoRegistryWouldServe(String image, String message) {
        assertThatThrownBy(() -> ImageReference.parse(image))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            hello                    | -            | ALWAYS
            hello:latest             | -            | ALWAYS
            hello:v1                 | -            | IF_NOT_PRESENT
            hello@DIGEST             | -            | IF_NOT_PRESENT
            hello:latest@DIGEST      | -            | IF_NOT_PRESENT
            hello:v1                 | Always       | ALWAYS
            hello                    | IfNotPresent | IF_NOT_PRESENT
            hello                    | Never        | NEVER
            """)
    void pullPolicyDefaultsAsKubernetesDoes(String image, String declared, PullPolicy expected) {
        assertThat(PullPolicy.of(declared, ImageReference.parse(image.replace("DIGEST", DIGEST)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"always", "Sometimes"})
    void anUnknownPullPolicyIsRefused(String declared) {
        assertThatThrownBy(() -> PullPolicy.of(declared, ImageReference.parse("hello")))
                .hasMessageContaining("unknown imagePullPolicy '" + declared + "'");
    }
}
