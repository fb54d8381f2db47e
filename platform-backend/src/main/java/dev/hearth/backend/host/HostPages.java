package dev.hearth.backend.host;

import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Hosts, for admins: capacity, usage and agent status (polled every 5 s, heartbeats change it),
 * enrolment, whose answer shows the agent token and the join command once, and draining, taking back
 * and retiring a host (docs/operations.md). {@link HostService} refuses non-admins; the
 * page shows that as a readable 403.
 */
@Path("/hosts")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class HostPages {

    static final String CHANGED = "hosts-changed";
    private static final Set<String> FORM_FIELDS = Set.of("name", "capacity.memoryMib", "capacity.cpuMillis",
            "capacity.maxClusters");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<HostView> hosts, EnrolForm form);

        static native TemplateInstance list$table(List<HostView> hosts);

        static native TemplateInstance list$form(EnrolForm form);
    }

    /** The enrol form as typed, its errors, and the host just enrolled (with its agent token). */
    public record EnrolForm(String name, String memoryMib, String cpuMillis, String maxClusters, FieldErrors errors,
            HostView enrolled) {

        public EnrolForm {
            name = name == null ? "" : name;
            memoryMib = memoryMib == null ? "" : memoryMib;
            cpuMillis = cpuMillis == null ? "" : cpuMillis;
            maxClusters = maxClusters == null ? "" : maxClusters;
        }

        static EnrolForm empty(HostView enrolled) {
            return new EnrolForm(null, null, null, null, FieldErrors.NONE, enrolled);
        }
    }

    private final HostService hosts;
    private final PageErrors errors;

    public HostPages(HostService hosts, PageErrors errors) {
        this.hosts = hosts;
        this.errors = errors;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(hosts.list(), EnrolForm.empty(null));
    }

    @GET
    @Path("table")
    public TemplateInstance table() {
        return Templates.list$table(hosts.list());
    }

    @POST
    public Response enrol(@RestForm String name, @RestForm("capacity.memoryMib") String memoryMib,
            @RestForm("capacity.cpuMillis") String cpuMillis, @RestForm("capacity.maxClusters") String maxClusters) {
        try {
            List<FieldError> typos = new ArrayList<>();
            HostService.Capacity capacity = new HostService.Capacity(
                    number(memoryMib, "capacity.memoryMib", typos),
                    number(cpuMillis, "capacity.cpuMillis", typos),
                    number(maxClusters, "capacity.maxClusters", typos));
            if (!typos.isEmpty()) {
                throw new ValidationProblem(typos);
            }
            HostView enrolled = hosts.enrol(name, capacity);
            return Response.ok(Templates.list$form(EnrolForm.empty(enrolled))).header("HX-Trigger", CHANGED).build();
        } catch (ProblemException problem) {
            EnrolForm form = new EnrolForm(name, memoryMib, cpuMillis, maxClusters,
                    FieldErrors.of(problem, FORM_FIELDS, field -> field), null);
            return Response.status(422).entity(Templates.list$form(form)).build();
        }
    }

    @POST
    @Path("{id}/drain")
    public Response drain(@PathParam("id") UUID id) {
        hosts.drain(id);
        return changed();
    }

    @POST
    @Path("{id}/undrain")
    public Response undrain(@PathParam("id") UUID id) {
        hosts.undrain(id);
        return changed();
    }

    @POST
    @Path("{id}/retire")
    public Response retire(@PathParam("id") UUID id) {
        hosts.retire(id);
        return changed();
    }

    /** The table listens for this trigger and reloads itself. */
    private static Response changed() {
        return Response.noContent().header("HX-Trigger", CHANGED).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }

    /** A blank box means "the default"; anything else must be a whole number. */
    private static Integer number(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }
}
