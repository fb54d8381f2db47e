package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The WASI demo modules and their pod manifests in {@code system-tests/src/test/wasm}: the committed
 * {@code .wasm} files, rebuilt by {@code build.sh} there when a source changed (once per test JVM;
 * normally a few checksums).
 */
final class DemoModules {

    /** A first rebuild may install Debian's rustc. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static boolean built;

    private DemoModules() {
    }

    /** {@code <name>.wasm}, e.g. {@code hello-world-rust}. */
    static synchronized byte[] module(String name) {
        if (!built) {
            Scripts.ok(List.of(dir().resolve("build.sh").toString()), BUILD_TIMEOUT);
            built = true;
        }
        return read(dir().resolve(name + ".wasm"));
    }

    /** A manifest as committed, e.g. {@code hello-world-rust/k8s.yaml}. */
    static Path manifest(String relativePath) {
        Path manifest = dir().resolve(relativePath);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("no manifest " + manifest);
        }
        return manifest;
    }

    /** A copy of a manifest with one text replaced (e.g. its image line), in target/tmp. */
    static Path manifest(String relativePath, String text, String replacement) {
        String original = new String(read(manifest(relativePath)), StandardCharsets.UTF_8);
        if (!original.contains(text)) {
            throw new IllegalStateException(relativePath + " has no '" + text + "' to replace");
        }
        try {
            Path copy = Files.createTempFile(RunPaths.target("tmp"), "manifest", ".yaml");
            return Files.writeString(copy, original.replace(text, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir() {
        return RunPaths.root().resolve("system-tests/src/test/wasm");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + file, e);
        }
    }
}
