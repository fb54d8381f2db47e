package dev.hearth.backend.cluster;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.ratelimit.StreamCaps;
import dev.hearth.backend.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/clusters}: the caller's sandbox clusters (docs/architecture.md, "The backend"). */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clusters", description = "Request, inspect, extend and delete your sandbox clusters")
public class ClusterResource {

    private final ClusterService clusters;
    private final ClusterEventStream stream;
    private final StreamCaps caps;
    private final Caller caller;

    public ClusterResource(ClusterService clusters, ClusterEventStream stream, StreamCaps caps, Caller caller) {
        this.caps = caps;
        this.caller = caller;
        this.clusters = clusters;
        this.stream = stream;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Request a cluster",
            description = "Queues a new cluster. It stays REQUESTED, with its queuePosition, until a host has capacity. "
                    + "Needs scope clusters:write. Fails with 409 once you hold your quota of clusters.")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the new cluster",
            content = @Content(schema = @Schema(implementation = ClusterView.class)))
    @APIResponse(responseCode = "400", description = "Invalid name, ttl or ClusterConfiguration; errors[] names the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Cluster quota reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response request(@RequestBody(required = false, description = "Left out: a cluster with the defaults")
            @Valid ClusterRequest body, @Context UriInfo uri) {
        ClusterRequest request = body == null ? new ClusterRequest(null, null, null) : body;
        ClusterView cluster;
        if (request.config() != null && request.config().isTextual()) {
            cluster = clusters.request(request.name(), request.config().textValue(), request.ttl());
        } else {
            cluster = clusters.request(request.name(), ClusterConfigurationParser.parse(request.config()), request.ttl());
        }
        return Response.accepted(cluster).location(uri.getAbsolutePathBuilder().path(cluster.id()).build()).build();
    }

    @GET
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "List your clusters", description = "Newest first; deleted clusters are left out. Needs clusters:read.")
    public List<ClusterView> list() {
        return clusters.list();
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Get one of your clusters", description = "404 for ids that are not yours. Needs clusters:read.")
    public ClusterView get(@PathParam("id") String id) {
        return clusters.get(id);
    }

    @DELETE
    @Path("/{id}")
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Delete a cluster",
            description = "Moves it to DELETING; a cluster no host holds yet becomes DELETED at once. Needs clusters:write.")
    @APIResponse(responseCode = "202", description = "Deletion started",
            content = @Content(schema = @Schema(implementation = ClusterView.class)))
    public Response delete(@PathParam("id") String id) {
        return Response.accepted(clusters.delete(id)).build();
    }

    @POST
    @Path("/{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Extend a cluster's lifetime",
            description = "Adds ttl to the expiry, within the policy's maximum lifetime from now. Needs clusters:write.")
    public ClusterView extend(@PathParam("id") String id, ExtendRequest body) {
        return clusters.extend(id, body == null ? null : body.ttl());
    }

    @GET
    @Path("/{id}/events")
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Lifecycle events (JSON list)",
            description = "Every transition and provisioning step, oldest first, after Last-Event-ID (or after) when given. "
                    + "Ask with Accept: text/event-stream for a live stream.")
    public List<ClusterEventView> events(@PathParam("id") String id, @QueryParam("after") long after,
            @HeaderParam("Last-Event-ID") Long lastEventId) {
        // Both variants of this GET share one operation in the API document, Last-Event-ID included, so
        // the JSON one reads (and validates) it too instead of ignoring what the document says it takes.
        return clusters.events(id, lastEventId != null ? lastEventId : after);
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Lifecycle events (live)",
            description = "Server-sent events named 'cluster-event', JSON data, id = event id. Resumes after Last-Event-ID. "
                    + "Ends once the cluster is DELETED.")
    public Multi<OutboundSseEvent> follow(@PathParam("id") String id, @QueryParam("after") long after,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        clusters.phase(id); // 404 before the stream starts, if the cluster is not the caller's
        long cursor = lastEventId != null ? lastEventId : after;
        return caps.capped(caller.userId(), stream.follow(id, cursor)).map(e -> sse.newEventBuilder()
                .id(Long.toString(e.id()))
                .name("cluster-event")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(ClusterEventView.class, e)
                .build());
    }

    @GET
    @Path("/{id}/kubeconfig")
    @Produces("application/yaml")
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Download the admin kubeconfig", description = "Available once the cluster is READY; 409 before.")
    public Response kubeconfig(@PathParam("id") String id) {
        // An attachment, so a browser saves it (as kind and Cinder users expect a file) instead of showing it.
        return Response.ok(clusters.kubeconfig(id))
                .header("Content-Disposition", "attachment; filename=\"" + clusters.get(id).kubeconfigFileName() + "\"")
                .build();
    }
}
