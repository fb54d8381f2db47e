package dev.hearth.backend.demo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Step 7's web app as {@code GET /api/v1/demo} shows it. */
public record WebAppView(
        @Schema(description = "The app's page for your signed-in session") String url,
        @Schema(description = "The same app for a bearer token (scope clusters:read)") String api,
        @Schema(description = "The last build of the web app, or null") BuildView build,
        @Schema(description = "The image running as the app, or null") String image) {

    static WebAppView of(DemoProgress p, Build build) {
        if (build == null) {
            return null;
        }
        String cluster = p.webClusterId != null ? p.webClusterId : build.clusterId;
        return new WebAppView(DemoWebApps.url(cluster), "/api/v1/clusters/" + cluster + "/apps/" + DemoContent.NAMESPACE + "/"
                + DemoContent.WEB_APP + "/", BuildView.of(build), p.webImage);
    }
}
