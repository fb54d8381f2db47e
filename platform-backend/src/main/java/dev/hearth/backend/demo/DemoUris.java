package dev.hearth.backend.demo;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The guided demo page's links ({@code {uri:demoBuild}}).
 * Built from {@link DemoPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 11)
public final class DemoUris {

    private DemoUris() {
    }

    static String demo() {
        return UriBuilder.fromResource(DemoPages.class).build().toString();
    }

    static String demoStates() {
        return Uris.of(DemoPages.class, "states").toString();
    }

    static String demoNodes() {
        return Uris.of(DemoPages.class, "nodes").toString();
    }

    static String demoCluster() {
        return Uris.of(DemoPages.class, "cluster").toString();
    }

    static String demoTemplate() {
        return Uris.of(DemoPages.class, "template").toString();
    }

    static String demoSource() {
        return Uris.of(DemoPages.class, "source").toString();
    }

    static String demoBuild() {
        return Uris.of(DemoPages.class, "build").toString();
    }

    static String demoRebuild() {
        return Uris.of(DemoPages.class, "rebuild").toString();
    }

    static String demoWebBuild() {
        return Uris.of(DemoPages.class, "webBuild").toString();
    }

    static String demoWebRun() {
        return Uris.of(DemoPages.class, "webRun").toString();
    }

    static String demoRun() {
        return Uris.of(DemoPages.class, "run").toString();
    }

    static String demoManifestReset() {
        return Uris.of(DemoPages.class, "resetManifest").toString();
    }

    static String demoRestart() {
        return Uris.of(DemoPages.class, "restart").toString();
    }
}
