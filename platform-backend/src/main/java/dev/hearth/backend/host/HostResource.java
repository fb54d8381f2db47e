package dev.hearth.backend.host;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/hosts}: admin only (role admin, path policy in application.properties; scope hosts:admin). */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Operators: hosts, their capacity, enrolment, draining and retiring (role admin)")
public class HostResource {

    private final HostService hosts;

    public HostResource(HostService hosts) {
        this.hosts = hosts;
    }

    @GET
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "List hosts with capacity and usage")
    public List<HostView> list() {
        return hosts.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "Enrol a host",
            description = "Returns the agent token in 'agentToken' and the command that makes a fresh Debian 12 machine"
                    + " this host in 'joinCommand', this once (docs/operations.md, \"Adding a host\").")
    @APIResponse(responseCode = "201", description = "Enrolled", content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "409", description = "A host of that name exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response enrol(EnrolRequest body, @Context UriInfo uri) {
        EnrolRequest request = body == null ? new EnrolRequest(null, null) : body;
        HostView host = hosts.enrol(request.name(), request.capacity());
        return Response.created(uri.getAbsolutePathBuilder().path(host.id().toString()).build()).entity(host).build();
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "One host with capacity, usage and scheduling state")
    @APIResponse(responseCode = "200", description = "The host",
            content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "404", description = "No such host",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostView get(@PathParam("id") UUID id) {
        return hosts.get(id);
    }

    @POST
    @Path("/{id}/drain")
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "Drain a host", description = "No new clusters are placed on it; the ones it holds run to their end.")
    @APIResponse(responseCode = "200", description = "Drained (or already was)",
            content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "404", description = "No such host",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The host is retired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostView drain(@PathParam("id") UUID id) {
        return hosts.drain(id);
    }

    @DELETE
    @Path("/{id}/drain")
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "Take a drained host back into scheduling")
    @APIResponse(responseCode = "200", description = "Accepting clusters again",
            content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "404", description = "No such host",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The host is retired",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostView undrain(@PathParam("id") UUID id) {
        return hosts.undrain(id);
    }

    @POST
    @Path("/{id}/retire")
    @RequiresScope(Scope.HOSTS_ADMIN)
    @Operation(summary = "Retire a drained host that holds no cluster",
            description = "Revokes its token and removes it from scheduling for good; it stays listed for its history.")
    @APIResponse(responseCode = "200", description = "Retired (or already was)",
            content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "404", description = "No such host",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not drained, or it still holds clusters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HostView retire(@PathParam("id") UUID id) {
        return hosts.retire(id);
    }
}
