package dev.hearth.backend.portal;

import io.quarkus.qute.TemplateExtension;
import java.net.URI;

/**
 * Every link the pages print, in one place ({@code {uri:clusters}}, {@code {uri:cluster(c.id)}}),
 * the way Renarde's {@code uri:} namespace works: a renamed path breaks here, at build time, not as
 * a dead link.
 */
@TemplateExtension(namespace = "uri")
public final class Uris {

    /** The OIDC logout path (quarkus.oidc.logout.path); Quarkus ends the session and Keycloak's. */
    static final String SIGN_OUT = "/signout";

    private Uris() {
    }

    static String home() {
        return "/";
    }

    static String signIn() {
        return "/signin";
    }

    static String signOut() {
        return SIGN_OUT;
    }

    static String clusters() {
        return "/clusters";
    }

    static String tokens() {
        return "/tokens";
    }

    static String hosts() {
        return "/hosts";
    }

    /** A static file from web-ui's META-INF/resources or a webjar. */
    static String asset(String path) {
        return "/" + path;
    }

    public static URI clustersUri() {
        return URI.create(clusters());
    }
}
