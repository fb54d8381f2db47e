package dev.hearth.backend.apps;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/clusters/{id}/apps/{namespace}/{service}/…}: a web app of one of the caller's clusters
 * (a Service with a port named {@code http}), by bearer token with scope {@code clusters:read}; another's
 * cluster is 404. The app's answer comes back as it gave it, hardened as in {@link AppResponses}.
 */
@Path("/api/v1/clusters/{id}/apps/{namespace}/{service}")
@Tag(name = "Clusters")
public class AppApiResource {

    /** {@code /api/v1/clusters/{id}/apps/{namespace}/{service}}: the app's path follows. */
    private static final int PREFIX_SEGMENTS = 7;

    /** Read from the request URI, whole with its query, rather than as a parameter; documented all the same. */
    private static final String APP_PATH = "The path inside the app, may be empty";

    private final AppProxy apps;

    public AppApiResource(AppProxy apps) {
        this.apps = apps;
    }

    @GET
    @Path("{path: .*}")
    @Parameter(name = "path", in = ParameterIn.PATH, required = true, description = APP_PATH,
            schema = @Schema(type = SchemaType.STRING))
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "GET from a web app", description = "Proxied to port http of the Service, through the cluster's API server.")
    public Response get(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("GET", PREFIX_SEGMENTS, uri, headers, null));
    }

    @POST
    @Path("{path: .*}")
    @Parameter(name = "path", in = ParameterIn.PATH, required = true, description = APP_PATH,
            schema = @Schema(type = SchemaType.STRING))
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "POST to a web app", description = "The body is passed on stdin to the app's module.")
    public Response post(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("POST", PREFIX_SEGMENTS, uri, headers, body));
    }

    @PUT
    @Path("{path: .*}")
    @Parameter(name = "path", in = ParameterIn.PATH, required = true, description = APP_PATH,
            schema = @Schema(type = SchemaType.STRING))
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "PUT to a web app")
    public Response put(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers, byte[] body) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("PUT", PREFIX_SEGMENTS, uri, headers, body));
    }

    @DELETE
    @Path("{path: .*}")
    @Parameter(name = "path", in = ParameterIn.PATH, required = true, description = APP_PATH,
            schema = @Schema(type = SchemaType.STRING))
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "DELETE on a web app")
    public Response delete(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers) {
        return apps.forOwner(id, namespace, service, AppProxy.AppCall.of("DELETE", PREFIX_SEGMENTS, uri, headers, null));
    }
}
