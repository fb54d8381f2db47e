package dev.hearth.backend.token;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The API token pages' links ({@code {uri:tokens}}).
 * Built from {@link TokenPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 8)
public final class TokenUris {

    private TokenUris() {
    }

    static String tokens() {
        return UriBuilder.fromResource(TokenPages.class).build().toString();
    }

    static String tokensTable() {
        return Uris.of(TokenPages.class, "table").toString();
    }

    static String token(Object id) {
        return Uris.of(TokenPages.class, "revoke", id).toString();
    }
}
