package dev.hearth.wasmnode.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pulls from the real per-host registry image, with artifacts pushed in every form the node accepts. */
@Timeout(120)
class ImagePullIT {

    private static TestRegistry registry;
    private static OciPusher pusher;
    private static byte[] wasm;

    @TempDir
    Path cache;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = TestRegistry.start();
        pusher = new OciPusher(registry.uri());
        try (InputStream in = ImagePullIT.class.getResourceAsStream("/wasm/probe.wasm")) {
            wasm = in.readAllBytes();
        }
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private ImagePuller puller() {
        return puller(Map.of());
    }

    private ImagePuller puller(Map<String, String> mirrors) {
        return ImagePuller.create(new PullSettings(List.of(registry.address()), mirrors), cache);
    }

    private String image(String repositoryAndTag) {
        return registry.address() + "/" + repositoryAndTag;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"wasm-to-oci", "cncf", "docker-v2"})
    void eachWasmFormatPullsByTagAndThenByDigestFromTheCache(String format) {
        String repository = "formats/" + format;
        OciPusher.Pushed pushed = switch (format) {
            case "wasm-to-oci" -> pusher.wasmToOci(repository, "v1", wasm);
            case "cncf" -> pusher.cncfArtifact(repository, "v1", wasm);
            default -> pusher.artifact(repository, "v1", wasm, MediaTypes.DOCKER_MANIFEST, MediaTypes.WASM_TO_OCI_CONFIG,
                    "{}", MediaTypes.WASM_TO_OCI_LAYER);
        };

        PulledModule byTag = puller().pull(image(repository + ":v1"), "", PullSecrets.NONE);
        PulledModule byDigest = puller().pull(image(repository + "@" + pushed.manifest()), "", PullSecrets.NONE);

        assertThat(byTag.bytes()).isEqualTo(wasm);
        assertThat(byTag.digest()).isEqualTo(pushed.module()).isEqualTo(Digest.of(wasm));
        assertThat(byTag.manifestDigest()).isEqualTo(pushed.manifest());
        assertThat(byTag.downloaded()).isTrue();
        assertThat(byTag.imageId()).isEqualTo(registry.address() + "/" + repository + "@" + pushed.manifest());
        assertThat(byDigest.file()).isEqualTo(byTag.file());
        assertThat(byDigest.downloaded()).as("the module is cached by its digest").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"})
    void anIndexLeadsToItsWasiPlatform(String indexType, String manifestType) {
        String repository = "index/" + (indexType.contains("oci") ? "oci" : "docker");
        byte[] notWasm = "an amd64 image's layer".getBytes(StandardCharsets.UTF_8);
        OciPusher.Pushed linux = pusher.artifact(repository, "linux", notWasm, manifestType,
                "application/vnd.oci.image.config.v1+json", "{}", "application/vnd.oci.image.layer.v1.tar+gzip");
        OciPusher.Pushed wasi = pusher.artifact(repository, "wasi", wasm, manifestType, MediaTypes.WASM_TO_OCI_CONFIG, "{}",
                MediaTypes.WASM_TO_OCI_LAYER);
        Digest index = pusher.index(repository, "multi", indexType, manifestType, linux, "linux/amd64", wasi, "wasi/wasm");

        PulledModule pulled = puller().pull(image(repository + ":multi"), "", PullSecrets.NONE);

        assertThat(pulled.bytes()).isEqualTo(wasm);
        assertThat(pulled.manifestDigest()).isEqualTo(index);
    }

    @Test
    void aMissingTagFailsWithTheRegistrysOwnMessage() {
        pusher.wasmToOci("missing/tag", "v1", wasm);

        assertThatThrownBy(() -> puller().pull(image("missing/tag:v2"), "", PullSecrets.NONE))
                .isInstanceOf(ImagePullException.class)
                .hasMessageContaining("failed to pull " + image("missing/tag:v2"))
                .hasMessageContaining("manifest unknown")
                .satisfies(e -> assertThat(((ImagePullException) e).kind()).isEqualTo(ImagePullException.Kind.NOT_FOUND))
                .satisfies(e -> assertThat(((ImagePullException) e).reason()).isEqualTo("ErrImagePull"));
    }

    @Test
    void aContainerImageIsRefusedNamingItsLayerTypes() {
        pusher.artifact("container/image", "v1", "tarball".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST,
                "application/vnd.oci.image.config.v1+json", "{}", "application/vnd.oci.image.layer.v1.tar+gzip");

        assertThatThrownBy(() -> puller().pull(image("container/image:v1"), "", PullSecrets.NONE))
                .hasMessageContaining("holds no wasm module: its layers are [application/vnd.oci.image.layer.v1.tar+gzip]");
    }

    @Test
    void alwaysAsksTheRegistryButReusesAModuleWithTheSameDigestAndFollowsAMovedTag() {
        pusher.wasmToOci("policy/always", "latest", wasm);
        ImagePuller puller = puller();

        PulledModule first = puller.pull(image("policy/always"), "", PullSecrets.NONE);
        PulledModule again = puller.pull(image("policy/always"), "", PullSecrets.NONE);
        byte[] changed = wasm.clone();
        changed[changed.length - 1] ^= 1;
        pusher.wasmToOci("policy/always", "latest", changed);
        PulledModule moved = puller.pull(image("policy/always"), "", PullSecrets.NONE);

        assertThat(first.downloaded()).isTrue();
        assertThat(again.downloaded()).as("same digest: no download").isFalse();
        assertThat(moved.downloaded()).isTrue();
        assertThat(moved.bytes()).isEqualTo(changed);
    }

    @Test
    void ifNotPresentAndNeverUseTheCacheWithoutTheRegistry() {
        try (TestRegistry gone = TestRegistry.start()) {
            new OciPusher(gone.uri()).wasmToOci("policy/cached", "v1", wasm);
            ImagePuller puller = ImagePuller.create(new PullSettings(List.of(gone.address()), Map.of()), cache);
            String image = gone.address() + "/policy/cached:v1";
            puller.pull(image, "IfNotPresent", PullSecrets.NONE);
            assertThatThrownBy(() -> puller.pull(gone.address() + "/policy/never:v1", "Never", PullSecrets.NONE))
                    .hasMessage("Container image \"" + gone.address() + "/policy/never:v1\" is not present with pull policy of Never")
                    .satisfies(e -> assertThat(((ImagePullException) e).reason()).isEqualTo("ErrImageNeverPull"));

            gone.close();

            assertThat(puller.pull(image, "IfNotPresent", PullSecrets.NONE).bytes()).isEqualTo(wasm);
            assertThat(puller.pull(image, "Never", PullSecrets.NONE).downloaded()).isFalse();
            assertThatThrownBy(() -> puller.pull(image, "Always", PullSecrets.NONE))
                    .isInstanceOf(ImagePullException.class)
                    .hasMessageContaining("cannot reach http://" + gone.address())
                    .satisfies(e -> assertThat(((ImagePullException) e).kind()).isEqualTo(ImagePullException.Kind.UNREACHABLE));
        }
    }

    @Test
    void aMirrorIsTriedFirstAndTheRegistryWhenTheMirrorFails() {
        byte[] fromOrigin = wasm.clone();
        fromOrigin[fromOrigin.length - 1] ^= 2;
        pusher.wasmToOci("mirrored/app", "v1", fromOrigin);
        try (TestRegistry mirror = TestRegistry.start()) {
            new OciPusher(mirror.uri()).wasmToOci("mirrored/app", "v1", wasm);

            PulledModule viaMirror = ImagePuller.create(new PullSettings(List.of(registry.address()),
                    Map.of(registry.address(), mirror.uri().toString())), cache.resolve("a"))
                    .pull(image("mirrored/app:v1"), "", PullSecrets.NONE);
            PulledModule fallback = ImagePuller.create(new PullSettings(List.of(registry.address()),
                    Map.of(registry.address(), mirror.uri() + "/nothing-here")), cache.resolve("b"))
                    .pull(image("mirrored/app:v1"), "", PullSecrets.NONE);

            assertThat(viaMirror.bytes()).as("the mirror's copy").isEqualTo(wasm);
            assertThat(fallback.bytes()).as("the registry's own copy").isEqualTo(fromOrigin);
        }
    }

    @Test
    void pullSecretsOpenARegistryThatAsksForCredentials() {
        String hash = OpenBSDBCrypt.generate("2y", "s3cret".toCharArray(), new byte[16], 10);
        try (TestRegistry locked = TestRegistry.withHtpasswd("alice:" + hash)) {
            RegistryCredentials alice = new RegistryCredentials("alice", "s3cret");
            new OciPusher(locked.uri(), java.util.Optional.of(alice)).wasmToOci("private/app", "v1", wasm);
            String image = locked.address() + "/private/app:v1";
            PullSettings settings = new PullSettings(List.of(locked.address()), Map.of());
            String secret = "{\"auths\":{\"" + locked.address() + "\":{\"username\":\"alice\",\"password\":\"s3cret\"}}}";
            String wrong = "{\"auths\":{\"" + locked.address() + "\":{\"username\":\"alice\",\"password\":\"nope\"}}}";

            assertThatThrownBy(() -> ImagePuller.create(settings, cache).pull(image, "", PullSecrets.NONE))
                    .hasMessageContaining("authentication required")
                    .satisfies(e -> assertThat(((ImagePullException) e).kind()).isEqualTo(ImagePullException.Kind.UNAUTHORIZED));
            assertThatThrownBy(() -> ImagePuller.create(settings, cache).pull(image, "", PullSecrets.fromDockerConfigs(List.of(wrong))))
                    .satisfies(e -> assertThat(((ImagePullException) e).kind()).isEqualTo(ImagePullException.Kind.UNAUTHORIZED));
            assertThat(ImagePuller.create(settings, cache).pull(image, "", PullSecrets.fromDockerConfigs(List.of(secret))).bytes())
                    .isEqualTo(wasm);
        }
    }
}
