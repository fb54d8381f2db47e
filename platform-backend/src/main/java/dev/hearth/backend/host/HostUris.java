package dev.hearth.backend.host;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The host pages' links ({@code {uri:hosts}}, {@code {uri:hostAction(h.id, 'drain')}}).
 * Built from {@link HostPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 9)
public final class HostUris {

    private HostUris() {
    }

    static String hosts() {
        return UriBuilder.fromResource(HostPages.class).build().toString();
    }

    static String hostsTable() {
        return Uris.of(HostPages.class, "table").toString();
    }

    /** A host action by its method name in HostPages: drain, undrain, retire. */
    static String hostAction(Object id, String method) {
        return Uris.of(HostPages.class, method, id).toString();
    }
}
