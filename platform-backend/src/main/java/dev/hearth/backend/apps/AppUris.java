package dev.hearth.backend.apps;

import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/** The web apps' links in the templates' {@code uri:} namespace (see cluster.ClusterUris for the convention). */
@TemplateExtension(namespace = "uri", priority = 14)
public final class AppUris {

    private AppUris() {
    }

    static String clusterApps(String id) {
        return UriBuilder.fromResource(AppListPage.class).build(id).toString();
    }

    static String clusterAppShare(String id) {
        return UriBuilder.fromResource(AppListPage.class).path("share").build(id).toString();
    }

    /** The app's page for its owner's session; the trailing slash is the app's root path. */
    static String app(String clusterId, String namespace, String service) {
        return UriBuilder.fromPath("/apps/{id}/{namespace}/{service}/").build(clusterId, namespace, service).toString();
    }
}
