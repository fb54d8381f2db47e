package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterPages;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Role;
import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Classroom pages: the list (instructors: their classrooms and the create form; everyone: the join
 * form and their own seats), the join page a join link opens, the live progress board, the summary
 * and the placeholder for a seat's pod logs. Everything goes through the same services as the API.
 */
@Path("/classrooms")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ClassroomPages {

    /** htmx event after any change on the board, so its head (code, counts, buttons) re-renders. */
    static final String CHANGED = "classroom-changed";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(boolean instructor, List<ClassroomView> classrooms, List<MySeatView> seats,
                CreateForm form, JoinForm join);

        static native TemplateInstance list$form(CreateForm form);

        static native TemplateInstance join(JoinForm join);

        static native TemplateInstance join$form(JoinForm join);

        static native TemplateInstance board(ClassroomView room, long cursor);

        static native TemplateInstance board$head(ClassroomView room);

        static native TemplateInstance tile(BoardRef room, SeatView seat);

        static native TemplateInstance summary(SummaryView summary);

        static native TemplateInstance logs(ClassroomView room, SeatView seat, SeatLogs.SeatPod pod);
    }

    /** What a tile needs of its classroom, read afresh with each live update (the class may have ended since). */
    @TemplateData
    public record BoardRef(UUID id, boolean ended) {
    }

    private final Caller caller;
    private final ClassroomService classrooms;
    private final SeatService seats;
    private final ClassroomSummary summaries;
    private final ClassroomBoardStream stream;
    private final ClassroomForms forms;
    private final PageErrors errors;
    private final SeatLogs seatLogs;

    public ClassroomPages(Caller caller, ClassroomService classrooms, SeatService seats, ClassroomSummary summaries,
            ClassroomBoardStream stream, ClassroomForms forms, PageErrors errors, SeatLogs seatLogs) {
        this.caller = caller;
        this.classrooms = classrooms;
        this.seats = seats;
        this.summaries = summaries;
        this.stream = stream;
        this.forms = forms;
        this.errors = errors;
        this.seatLogs = seatLogs;
    }

    @GET
    public TemplateInstance list(@Context UriInfo uri) {
        boolean instructor = caller.hasRole(Role.INSTRUCTOR) || caller.isAdmin();
        return Templates.list(instructor, instructor ? classrooms.list(uri.getBaseUri()) : List.of(), seats.mine(),
                CreateForm.empty(forms.now()), new JoinForm("", FieldErrors.NONE));
    }

    @POST
    public Response create(@RestForm String name, @RestForm String seats, @RestForm String startsAt,
            @RestForm String length, @RestForm String ttl, @RestForm String demoTrack, @RestForm String config,
            @Context UriInfo uri) {
        CreateForm typed = new CreateForm(name, seats, startsAt, length, ttl, demoTrack, config, FieldErrors.NONE);
        try {
            ClassroomView created = classrooms.create(forms.request(typed), uri.getBaseUri());
            return Response.noContent().header("HX-Redirect", boardUri(created.id())).build();
        } catch (ProblemException problem) {
            return Response.status(422).entity(Templates.list$form(typed.withErrors(forms.errors(problem)))).build();
        }
    }

    /** What a join link opens: the join form, the code filled in. */
    @GET
    @Path("join")
    public TemplateInstance joinPage(@RestQuery String code) {
        return Templates.join(new JoinForm(code == null ? "" : code, FieldErrors.NONE));
    }

    @POST
    @Path("join")
    public Response join(@RestForm String code) {
        try {
            JoinResult seat = seats.join(code);
            // Straight to the seat's cluster: READY at once for a pre-provisioned seat.
            return Response.noContent().header("HX-Redirect", clusterUri(seat.clusterId())).build();
        } catch (ProblemException problem) {
            FieldErrors shown = problem.errors().isEmpty() ? new FieldErrors(Map.of("code", problem.getMessage()), null)
                    : FieldErrors.of(problem, Set.of("code"), f -> f);
            return Response.status(422).entity(Templates.join$form(new JoinForm(code, shown))).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance board(@RestPath String id, @Context UriInfo uri) {
        return Templates.board(classrooms.get(id, uri.getBaseUri()), stream.cursor());
    }

    @GET
    @Path("{id}/head")
    public TemplateInstance head(@RestPath String id, @Context UriInfo uri) {
        return Templates.board$head(classrooms.get(id, uri.getBaseUri()));
    }

    /**
     * The board's live part over SSE (htmx sse extension): a {@code seat-<id>} event carrying the
     * re-rendered tile whenever that seat's cluster writes an event, and {@code changed} so the head
     * re-fetches its counts. Every tile is re-sent now and then as well, since "stuck" is a matter of
     * time passing, not of an event.
     */
    @GET
    @Path("{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> live(@RestPath String id, @RestQuery long after, @Context UriInfo uri,
            @Context Sse sse) {
        ClassroomView room = classrooms.get(id, uri.getBaseUri()); // 404 before the stream starts, if not the caller's
        return stream.follow(room.id(), after).map(update -> switch (update) {
            case ClassroomBoardStream.Tile tile -> sse.newEventBuilder().name("seat-" + tile.seat().id())
                    .data(Templates.tile(new BoardRef(room.id(), tile.ended()), tile.seat()).render()).build();
            case ClassroomBoardStream.Changed changed -> sse.newEventBuilder().name("changed").data("seats").build();
        });
    }

    @POST
    @Path("{id}/provision")
    public Response provision(@RestPath String id, @Context UriInfo uri) {
        classrooms.provision(id, uri.getBaseUri());
        return changed();
    }

    @POST
    @Path("{id}/end")
    public Response end(@RestPath String id, @Context UriInfo uri) {
        classrooms.end(id, uri.getBaseUri());
        return changed();
    }

    @POST
    @Path("{id}/code")
    public Response newCode(@RestPath String id, @Context UriInfo uri) {
        classrooms.newJoinCode(id, null, uri.getBaseUri());
        return changed();
    }

    @DELETE
    @Path("{id}/code")
    public Response revokeCode(@RestPath String id, @Context UriInfo uri) {
        classrooms.revokeJoinCode(id, uri.getBaseUri());
        return changed();
    }

    @POST
    @Path("{id}/seats/{seatId}/reset")
    public Response reset(@RestPath String id, @RestPath String seatId) {
        seats.reset(id, seatId);
        return changed();
    }

    @POST
    @Path("{id}/seats/{seatId}/extend")
    public Response extend(@RestPath String id, @RestPath String seatId, @RestForm String ttl) {
        seats.extend(id, seatId, ttl);
        return changed();
    }

    @DELETE
    @Path("{id}/seats/{seatId}/participant")
    public Response remove(@RestPath String id, @RestPath String seatId) {
        seats.remove(id, seatId);
        return changed();
    }

    /** Read-only log of a seat's demo pod, live (SeatLogPages streams it); only for the classroom's instructor. */
    @GET
    @Path("{id}/seats/{seatId}/logs")
    public TemplateInstance logs(@RestPath String id, @RestPath String seatId, @Context UriInfo uri) {
        ClassroomView room = classrooms.get(id, uri.getBaseUri());
        SeatView seat = room.seats().stream().filter(s -> s.id().toString().equals(seatId)).findFirst()
                .orElseThrow(() -> new NotFoundProblem("seat", seatId));
        return Templates.logs(room, seat, seatLogs.demoPod(id, seatId).orElse(null));
    }

    @GET
    @Path("{id}/summary")
    public TemplateInstance summary(@RestPath String id) {
        return Templates.summary(summaries.of(id));
    }

    /** The same summary as a CSV download. */
    @GET
    @Path("{id}/summary.csv")
    @Produces("text/csv")
    public Response summaryCsv(@RestPath String id) {
        return Response.ok(ClassroomSummary.csv(summaries.of(id)))
                .header("Content-Disposition", "attachment; filename=\"classroom-" + id + "-summary.csv\"").build();
    }

    /** Service problems on these pages become a readable page or message, not problem+json. */
    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }

    private static String boardUri(Object id) {
        return UriBuilder.fromResource(ClassroomPages.class).path(ClassroomPages.class, "board").build(id).toString();
    }

    private static String clusterUri(String id) {
        return UriBuilder.fromResource(ClusterPages.class).path(ClusterPages.class, "detail").build(id).toString();
    }

    private static Response changed() {
        return Response.noContent().header("HX-Trigger", CHANGED).build();
    }
}
