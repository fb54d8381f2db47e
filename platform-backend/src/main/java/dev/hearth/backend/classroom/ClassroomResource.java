package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ExtendRequest;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/classrooms} (docs/architecture.md, "The backend"): instructors create and run classrooms; participants join
 * with a code. Every call needs scope {@code classrooms}. A classroom that is not the caller's to run
 * is a 404, whoever asks — another instructor, or a participant seated in it.
 */
@Path("/api/v1/classrooms")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.CLASSROOMS)
@Tag(name = "Classrooms", description = "Seats, join codes, warm pools and the progress board")
public class ClassroomResource {

    private final ClassroomService classrooms;
    private final SeatService seats;
    private final ClassroomSummary summaries;

    public ClassroomResource(ClassroomService classrooms, SeatService seats, ClassroomSummary summaries) {
        this.classrooms = classrooms;
        this.seats = seats;
        this.summaries = summaries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a classroom", description = "Role instructor. Creates its seats and a join code; "
            + "nothing is provisioned until POST …/provision or until participants join.")
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = ClassroomView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field; errors[] names it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Per-instructor classroom or seat limit reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(ClassroomRequest body, @Context UriInfo uri) {
        ClassroomView created = classrooms.create(body, uri.getBaseUri());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Operation(summary = "Classrooms you run", description = "Newest first, without their seats; admins see all.")
    public List<ClassroomView> list(@Context UriInfo uri) {
        return classrooms.list(uri.getBaseUri());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A classroom with its board", description = "Seats with participant, cluster phase, demo step, "
            + "last activity and whether they look stuck; the join code. 404 unless you run it (or are an admin).")
    public ClassroomView get(@PathParam("id") String id, @Context UriInfo uri) {
        return classrooms.get(id, uri.getBaseUri());
    }

    @POST
    @Path("/{id}/provision")
    @Operation(summary = "Pre-provision every seat", description = "Requests a cluster for each seat without one; the "
            + "scheduler spreads them over hosts by capacity and starts a few at a time per host. Joiners then get a READY "
            + "cluster at once.")
    @APIResponse(responseCode = "202", description = "Requested; the board shows them come up",
            content = @Content(schema = @Schema(implementation = ClassroomView.class)))
    public Response provision(@PathParam("id") String id, @Context UriInfo uri) {
        return Response.accepted(classrooms.provision(id, uri.getBaseUri())).build();
    }

    @POST
    @Path("/{id}/end")
    @Operation(summary = "End the class", description = "Deletes every seat's cluster and expires the join code; the "
            + "summary stays.")
    public ClassroomView end(@PathParam("id") String id, @Context UriInfo uri) {
        return classrooms.end(id, uri.getBaseUri());
    }

    @POST
    @Path("/{id}/code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "New join code", description = "Replaces the join code (the old one stops working), with an "
            + "optional use limit and expiry.")
    public ClassroomView newCode(@PathParam("id") String id, CodeRequest body, @Context UriInfo uri) {
        return classrooms.newJoinCode(id, body, uri.getBaseUri());
    }

    @DELETE
    @Path("/{id}/code")
    @Operation(summary = "Revoke the join code", description = "Nobody new can join until a new code is made.")
    public ClassroomView revokeCode(@PathParam("id") String id, @Context UriInfo uri) {
        return classrooms.revokeJoinCode(id, uri.getBaseUri());
    }

    @POST
    @Path("/{id}/seats/{seatId}/reset")
    @Operation(summary = "Reset a seat", description = "A fresh cluster for the seat, same participant; the old one is deleted.")
    @APIResponse(responseCode = "202", description = "The seat, its new cluster requested",
            content = @Content(schema = @Schema(implementation = SeatView.class)))
    public Response reset(@PathParam("id") String id, @PathParam("seatId") String seatId) {
        return Response.accepted(seats.reset(id, seatId)).build();
    }

    @POST
    @Path("/{id}/seats/{seatId}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Extend a seat's cluster", description = "Adds ttl to its expiry, within the cluster policy.")
    public SeatView extend(@PathParam("id") String id, @PathParam("seatId") String seatId, ExtendRequest body) {
        return seats.extend(id, seatId, body == null ? null : body.ttl());
    }

    @DELETE
    @Path("/{id}/seats/{seatId}/participant")
    @Operation(summary = "Remove the participant", description = "Deletes their cluster and frees the seat.")
    public SeatView remove(@PathParam("id") String id, @PathParam("seatId") String seatId) {
        return seats.remove(id, seatId);
    }

    @GET
    @Path("/{id}/summary")
    @Operation(summary = "Summary", description = "Seats used, steps completed, time to first success; JSON, or CSV "
            + "with Accept: text/csv.")
    public SummaryView summary(@PathParam("id") String id) {
        return summaries.of(id);
    }

    @GET
    @Path("/{id}/summary")
    @Produces("text/csv")
    public Response summaryCsv(@PathParam("id") String id) {
        SummaryView summary = summaries.of(id);
        return Response.ok(ClassroomSummary.csv(summary))
                .header("Content-Disposition", "attachment; filename=\"classroom-summary.csv\"").build();
    }

    @POST
    @Path("/join")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Join a class with its code", description = "Takes a seat and its cluster: a pre-provisioned, "
            + "READY one at once if there is one. Joining again returns the same seat.")
    @APIResponse(responseCode = "200", description = "Your seat", content = @Content(schema = @Schema(implementation = JoinResult.class)))
    @APIResponse(responseCode = "404", description = "Unknown code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Code used up, or the class is full",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "Code revoked or expired, or the class has ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JoinResult join(JoinRequest body) {
        return seats.join(body == null ? null : body.code());
    }

    @GET
    @Path("/seats")
    @Operation(summary = "Your seats", description = "The classes you joined, your seat and its cluster.")
    public List<MySeatView> mySeats() {
        return seats.mine();
    }
}
