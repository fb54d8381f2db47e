package dev.hearth.backend.portal;

import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * The portal's own links in the templates' {@code uri:} namespace ({@code {uri:signIn}},
 * {@code {uri:asset('hearth.css')}}) and the helper every feature's links are built with. Each feature
 * owns its pages' links in a class of its own in the same namespace ({@code cluster.ClusterUris},
 * {@code demo.DemoUris}, …), so the portal imports no feature and a feature's paths change in its
 * package only. Built the way Renarde's {@code uri:} namespace is: from the page classes' {@code @Path}s,
 * so a renamed path or method breaks at build time, not as a dead link. Qute takes one resolver per
 * priority in a namespace, so each of those classes names a priority of its own (UriNamespaceTest
 * holds them distinct; a clash would stop the application at start).
 */
@TemplateExtension(namespace = "uri")
public final class Uris {

    private Uris() {
    }

    static String home() {
        return "/";
    }

    static String signIn() {
        return of(HomePages.class, "signIn").toString();
    }

    /** The OIDC logout path (quarkus.oidc.logout.path): Quarkus ends the session, then Keycloak's. */
    static String signOut() {
        return "/logout";
    }

    /** A file under web-ui's META-INF/resources/static (public without a session). */
    static String asset(String path) {
        return "/static/" + path;
    }

    /** A file from a webjar, e.g. {@code htmx.org/2.0.10/dist/htmx.min.js}. */
    static String webjar(String path) {
        return "/webjars/" + path;
    }

    /** The path of {@code method} of the page class {@code pages}, its parameters filled in order. */
    public static URI of(Class<?> pages, String method, Object... values) {
        return UriBuilder.fromResource(pages).path(pages, method).build(values);
    }
}
