package dev.hearth.backend.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The landing page (public) and the sign-in entry point that starts Keycloak's code flow. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePages {

    /**
     * Where a signed-in visitor lands: the clusters list (cluster.ClusterPages). A path, not a link
     * built from that class, because the portal sits below the features it frames and imports none
     * of them; HomePagesTest holds it equal to cluster.ClusterUris.clustersUri().
     */
    static final URI SIGNED_IN_HOME = URI.create("/clusters");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index();
    }

    private final Viewer viewer;

    public HomePages(Viewer viewer) {
        this.viewer = viewer;
    }

    @GET
    public Response index() {
        if (viewer.signedIn()) {
            return Response.seeOther(SIGNED_IN_HOME).build();
        }
        return Response.ok(Templates.index()).build();
    }

    /**
     * Requires a login, so an anonymous visitor is sent through Keycloak first; once back, the
     * session exists and this just forwards to the clusters page.
     */
    @GET
    @Path("signin")
    @Authenticated
    public Response signIn() {
        return Response.seeOther(SIGNED_IN_HOME).build();
    }
}
