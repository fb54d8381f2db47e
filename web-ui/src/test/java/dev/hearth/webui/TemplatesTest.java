package dev.hearth.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.CompletedStage;
import io.quarkus.qute.Engine;
import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.UserTagSectionHelper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's templates on their own, before any backend renders them: each one parses, every
 * control a person can operate carries an {@code aria-label} (docs/architecture.md, "Conventions" — the browser tests
 * and screen readers find controls by it), and every asset the layout links is in the jar.
 */
class TemplatesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path STATIC = Path.of("src/main/resources/META-INF/resources/static");
    private static final Pattern CONTROL = Pattern.compile("<(a|button|input|select|textarea|summary)\\b[^>]*>");
    private static final Pattern ASSET = Pattern.compile("\\{uri:asset\\('([^']+)'\\)}");
    private static final Pattern WEBJAR = Pattern.compile("\\{uri:webjar\\('([^']+)'\\)}");

    @Test
    void everyTemplateParses() {
        // The backend's namespaces (uri:, inject:) only need to exist for parsing.
        EngineBuilder builder = Engine.builder().addDefaults()
                .addNamespaceResolver(NamespaceResolver.builder("uri").resolve(ctx -> CompletedStage.of("/")).build())
                .addNamespaceResolver(NamespaceResolver.builder("inject").resolve(ctx -> CompletedStage.of("")).build());
        // User tags ({#logPanel …/}) are registered from templates/tags/, as Quarkus does.
        for (Path tag : templates()) {
            String name = TEMPLATES.relativize(tag).toString().replace('\\', '/');
            if (name.startsWith("tags/")) {
                String id = name.substring("tags/".length(), name.lastIndexOf('.'));
                builder.addSectionHelper(new UserTagSectionHelper.Factory(id, name));
            }
        }
        Engine engine = builder.build();
        List<Path> templates = templates();
        assertThat(templates).extracting(p -> TEMPLATES.relativize(p).toString().replace('\\', '/'))
                .contains("layout.html", "HomePages/index.html", "ClusterPages/list.html", "ClusterPages/detail.html",
                        "TokenPages/list.html", "HostPages/list.html", "PageErrors/error.html");
        for (Path template : templates) {
            assertThat(engine.parse(read(template))).as(template.toString()).isNotNull();
        }
    }

    @Test
    void everyControlHasAnAccessibleName() {
        List<String> unlabelled = new ArrayList<>();
        for (Path template : templates()) {
            Matcher control = CONTROL.matcher(read(template));
            while (control.find()) {
                String tag = control.group();
                if (!tag.contains("aria-label=") && !tag.contains("type=\"hidden\"")) {
                    unlabelled.add(TEMPLATES.relativize(template) + ": " + tag);
                }
            }
        }
        assertThat(unlabelled).as("controls without aria-label").isEmpty();
    }

    @Test
    void layoutLinksOnlyAssetsThatShipInTheJar() {
        String layout = read(TEMPLATES.resolve("layout.html"));
        Matcher asset = ASSET.matcher(layout);
        int assets = 0;
        while (asset.find()) {
            assets++;
            assertThat(STATIC.resolve(asset.group(1))).as("static asset linked from layout.html").isRegularFile();
        }
        assertThat(assets).as("style sheet, script and icon").isGreaterThanOrEqualTo(3);
        Matcher webjar = WEBJAR.matcher(layout);
        assertThat(webjar.find()).as("htmx is loaded from its webjar").isTrue();
        // Fails when the htmx version pinned in the pom and the path in the layout drift apart.
        assertThat(getClass().getClassLoader().getResource("META-INF/resources/webjars/" + webjar.group(1)))
                .as("webjar resource " + webjar.group(1)).isNotNull();
    }

    private static List<Path> templates() {
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            return files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
