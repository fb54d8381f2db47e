package dev.hearth.backend.logs;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A cluster's pod list and a pod container's live log panel ({@code {uri:podPanel(…)}}).
 * Built from {@link PodPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 7)
public final class PodUris {

    private PodUris() {
    }

    static String clusterPods(String id) {
        return UriBuilder.fromResource(PodPages.class).build(id).toString();
    }

    /** A pod container's live log panel ({@code container} empty for a pod's only one). */
    static String podPanel(String id, String namespace, String pod, String container) {
        return Uris.of(PodPages.class, "panel", id, namespace, pod)
                + (container == null || container.isEmpty() ? "" : "?container=" + URLEncoder.encode(container, StandardCharsets.UTF_8));
    }
}
