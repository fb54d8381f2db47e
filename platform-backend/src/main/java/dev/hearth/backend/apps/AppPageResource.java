package dev.hearth.backend.apps;

import io.quarkus.security.Authenticated;
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
 * {@code /apps/{cluster}/{namespace}/{service}/…}: the same app in the browser, for its owner's session
 * (another's cluster is 404). Unsafe methods pass the portal's CSRF check like every page route, so an
 * app page (sandboxed: it cannot read the portal's CSRF cookie) cannot make the owner's browser post
 * through the session; the API and share links take POSTs without it.
 */
@Path("/apps/{id}/{namespace}/{service}")
@Authenticated
public class AppPageResource {

    private static final int PREFIX_SEGMENTS = 4;

    private final AppProxy apps;

    public AppPageResource(AppProxy apps) {
        this.apps = apps;
    }

    @GET
    @Path("{path: .*}")
    @Blocking
    public Response get(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("GET", PREFIX_SEGMENTS, uri, headers, null));
    }

    @POST
    @Path("{path: .*}")
    @Blocking
    public Response post(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("POST", PREFIX_SEGMENTS, uri, headers, body));
    }
}
