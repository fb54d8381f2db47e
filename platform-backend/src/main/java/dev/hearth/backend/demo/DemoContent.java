package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Step 7: the WAGI variants and their pod and Service (docs/guided-demo.md, "Step 7"). */
    private static final Map<BuildLanguage, String> WEB_SOURCES = Map.of(
            BuildLanguage.RUST, read("demo/web.rs"),
            BuildLanguage.C, read("demo/web.c"));
    private static final String WEB_MANIFEST = read("demo/web.yaml");
    /** The web app's pod and Service, both named so in {@link #NAMESPACE}. */
    public static final String WEB_APP = "hello-web";
    // The greeting as both languages' templates declare it; the literal is taken as written (escapes and all),
    // so it is a valid literal of the same language when put into the web template.
    private static final Map<BuildLanguage, Pattern> GREETING = Map.of(
            BuildLanguage.RUST, Pattern.compile("const\\s+GREETING\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*\"((?:[^\"\\\\\\n]|\\\\.)*)\""),
            BuildLanguage.C, Pattern.compile("#define\\s+GREETING\\s+\"((?:[^\"\\\\\\n]|\\\\.)*)\""));

    private DemoContent() {
    }

    /** The hello-world the page starts from in {@code language}. */
    public static String source(BuildLanguage language) {
        return SOURCES.get(language);
    }

    /**
     * The greeting literal of {@code source} as written (escapes included), or the template's when the
     * participant removed the constant.
     */
    public static String greetingLiteral(BuildLanguage language, String source) {
        Matcher m = GREETING.get(language).matcher(source == null ? "" : source);
        if (m.find()) {
            return m.group(1);
        }
        Matcher template = GREETING.get(language).matcher(SOURCES.get(language));
        template.find();
        return template.group(1);
    }

    /** What the greeting literal prints: its simple escapes resolved (enough to recognise it in the page). */
    public static String greetingText(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length()) {
                char next = literal.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The WAGI web-app template of {@code language} with {@code greetingLiteral} as its greeting. */
    public static String webSource(BuildLanguage language, String greetingLiteral) {
        String template = WEB_SOURCES.get(language);
        Matcher m = GREETING.get(language).matcher(template);
        if (!m.find()) {
            throw new IllegalStateException("the " + language + " web template has no GREETING constant");
        }
        return template.substring(0, m.start(1)) + greetingLiteral + template.substring(m.end(1));
    }

    /** The web app's pod and Service with the image and user filled in. */
    public static String webManifest(String image, String user) {
        return WEB_MANIFEST.replace(IMAGE, image).replace(USER, user == null ? "" : user);
    }

    /** The app part of a web build's image reference: {@code hello-web-rust}, {@code hello-web-c}. */
    public static String webApp(BuildLanguage language) {
        return "hello-web-" + language.name().toLowerCase();
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
