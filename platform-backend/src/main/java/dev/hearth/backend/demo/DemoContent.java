package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The guided demo's starting material, kept in {@code resources/demo/} (compiled for WASI
 * in the builder image by system-tests' {@code DemoTemplatesSystemIT}, so it keeps building): the Rust
 * and C hello-worlds and the pod manifest.
 * The manifest carries {@code ${IMAGE}} and {@code ${USER}} placeholders, so a participant's saved
 * manifest keeps following their newest build instead of pinning the image they first ran.
 */
public final class DemoContent {

    public static final String IMAGE = "${IMAGE}";
    public static final String USER = "${USER}";
    /** What the default manifest creates (a rerun deletes this pod first). */
    public static final String POD = "hello-wasi";
    public static final String NAMESPACE = "default";

    private static final Map<BuildLanguage, String> SOURCES = Map.of(
            BuildLanguage.RUST, read("demo/main.rs"),
            BuildLanguage.C, read("demo/main.c"));
    private static final String MANIFEST = read("demo/pod.yaml");

    private DemoContent() {
    }

    /** The hello-world the page starts from in {@code language}. */
    public static String source(BuildLanguage language) {
        return SOURCES.get(language);
    }

    /** The default manifest, placeholders left in. */
    public static String manifestTemplate() {
        return MANIFEST;
    }

    /** {@code manifest} (or the default when null) as it is applied and shown: placeholders filled in. */
    public static String fill(String manifest, String image, String user) {
        String text = manifest == null ? MANIFEST : manifest;
        return text.replace(IMAGE, image == null ? "" : image).replace(USER, user == null ? "" : user);
    }

    /**
     * The edited manifest as stored: where it names the image it was shown with, the placeholder goes
     * back in, so the next build's image is run without editing the manifest again.
     */
    public static String templatize(String manifest, String shownImage) {
        return shownImage == null || shownImage.isEmpty() ? manifest : manifest.replace(shownImage, IMAGE);
    }

    /** The app part of a build's image reference: {@code hello-rust}, {@code hello-c}. */
    public static String app(BuildLanguage language) {
        return "hello-" + language.name().toLowerCase();
    }

    /** The source file's name, as the CLI equivalents call it. */
    public static String fileName(BuildLanguage language) {
        return language == BuildLanguage.RUST ? "main.rs" : "main.c";
    }

    private static String read(String resource) {
        try (InputStream in = DemoContent.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("demo content " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read demo content " + resource, e);
        }
    }
}
