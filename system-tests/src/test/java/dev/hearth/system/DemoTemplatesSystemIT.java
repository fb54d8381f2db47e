package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guided demo's hello-worlds (platform-backend's {@code resources/demo/}) keep compiling for WASI
 * with the toolchain that builds participants' code: the builder image and its {@code hearth-build}
 * entry point, with no network, as the agent runs it (docs/builds.md). Nothing of the host's own
 * compilers is used, so this holds on any machine that only has what {@code ./hearth} installs.
 */
class DemoTemplatesSystemIT {

    private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(3);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rust, main.rs", "c, main.c"})
    void theTemplateCompilesInTheBuilderToAWasiModule(String language, String file) throws Exception {
        String builder = NodeImages.builder().orElseThrow(() -> new AssertionError("node-image/build-images.sh built no builder image"));
        String source = Files.readString(template(file), StandardCharsets.UTF_8);

        byte[] module = compileInBuilder(builder, language, file, source);

        assertThat(module).as("a WebAssembly binary").startsWith(0x00, 'a', 's', 'm');
        // It imports WASI preview 1: what the WASI node's host functions provide.
        assertThat(new String(module, StandardCharsets.ISO_8859_1)).contains("wasi_snapshot_preview1");
    }

    /**
     * Runs the builder's entry point on {@code source} in a throw-away container without network. The
     * source goes in and the module comes out base64-encoded, so no host directory is shared with it.
     */
    private static byte[] compileInBuilder(String builder, String language, String file, String source) {
        String encoded = Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8));
        String script = "echo \"$SOURCE\" | base64 -d > /src/" + file
                + " && /usr/local/bin/hearth-build " + language + " >&2 && base64 -w0 /out/app.wasm";
        Scripts.Result result = Scripts.run(List.of("docker", "run", "--rm", "--network", "none",
                "--label", "dev.hearth.role=test-builder", "-e", "SOURCE=" + encoded,
                "--entrypoint", "/bin/sh", builder, "-c", script), COMPILE_TIMEOUT);
        assertThat(result.exitCode()).as("hearth-build %s in %s:\n%s", language, builder, result.stderr()).isZero();
        return Base64.getDecoder().decode(result.stdout().strip());
    }

    private static Path template(String file) {
        Path path = RunPaths.root().resolve("platform-backend/src/main/resources/demo").resolve(file);
        assertThat(path).as("the demo template").isRegularFile();
        return path;
    }
}
