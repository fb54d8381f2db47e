package dev.hearth.backend.host;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/hosts}: admin only (role admin, path policy in application.properties; scope hosts:admin). */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hosts", description = "Operators: hosts, their capacity, and enrolment of new ones (role admin)")
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
            description = "Returns the agent token in 'agentToken' this once; configure the worker agent with it.")
    @APIResponse(responseCode = "201", description = "Enrolled", content = @Content(schema = @Schema(implementation = HostView.class)))
    @APIResponse(responseCode = "409", description = "A host of that name exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response enrol(EnrolRequest body, @Context UriInfo uri) {
        EnrolRequest request = body == null ? new EnrolRequest(null, null) : body;
        HostView host = hosts.enrol(request.name(), request.capacity());
        return Response.created(uri.getAbsolutePathBuilder().path(host.id().toString()).build()).entity(host).build();
    }
}
