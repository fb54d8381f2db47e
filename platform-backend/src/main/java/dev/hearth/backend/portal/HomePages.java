package dev.hearth.backend.portal;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The landing page (public) and the sign-in entry point that starts Keycloak's code flow. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePages {

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
            return Response.seeOther(Uris.clustersUri()).build();
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
        return Response.seeOther(Uris.clustersUri()).build();
    }
}
