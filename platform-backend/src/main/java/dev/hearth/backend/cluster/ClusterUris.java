package dev.hearth.backend.cluster;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * The cluster pages' links ({@code {uri:clusters}}, {@code {uri:cluster(c.id)}}).
 * Built from {@link ClusterPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 6)
public final class ClusterUris {

    private ClusterUris() {
    }

    static String clusters() {
        return clustersUri().toString();
    }

    static String clustersTable() {
        return Uris.of(ClusterPages.class, "table").toString();
    }

    static String cluster(String id) {
        return Uris.of(ClusterPages.class, "detail", id).toString();
    }

    static String clusterStatus(String id) {
        return Uris.of(ClusterPages.class, "status", id).toString();
    }

    /** The cluster page's live stream, resuming after the last event the page was rendered with. */
    static String clusterLive(String id, long after) {
        return Uris.of(ClusterPages.class, "live", id) + "?after=" + after;
    }

    static String clusterInspection(String id) {
        return Uris.of(ClusterPages.class, "inspection", id).toString();
    }

    static String clusterExtend(String id) {
        return Uris.of(ClusterPages.class, "extend", id).toString();
    }

    static String clusterKubeconfig(String id) {
        return Uris.of(ClusterPages.class, "kubeconfig", id).toString();
    }

    /** The clusters list, where a signed-in visitor lands (portal.HomePages). */
    public static URI clustersUri() {
        return UriBuilder.fromResource(ClusterPages.class).build();
    }
}
