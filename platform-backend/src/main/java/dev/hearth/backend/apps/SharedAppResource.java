package dev.hearth.backend.apps;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /shared-apps/{token}/…}: an app opened through a share link, signed out. The session (if
 * any) plays no part; the link alone names the one app it opens. No CSRF check: there is no ambient
 * credential here to abuse, the token is in the URL.
 */
@Path("/shared-apps/{token}")
public class SharedAppResource {

    private static final int PREFIX_SEGMENTS = 2;

    private final AppShareLinks links;
    private final AppProxy apps;

    public SharedAppResource(AppShareLinks links, AppProxy apps) {
        this.links = links;
        this.apps = apps;
    }

    @GET
    @Path("{path: .*}")
    @Blocking
    public Response get(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        return apps.forward(links.resolve(token), AppProxy.AppCall.of("GET", PREFIX_SEGMENTS, uri, headers, null));
    }

    @POST
    @Path("{path: .*}")
    @Blocking
    public Response post(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return apps.forward(links.resolve(token), AppProxy.AppCall.of("POST", PREFIX_SEGMENTS, uri, headers, body));
    }
}
