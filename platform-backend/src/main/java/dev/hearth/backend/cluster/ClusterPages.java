package dev.hearth.backend.cluster;

import dev.hearth.backend.portal.FieldErrors;
import dev.hearth.backend.portal.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.support.Durations;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * "My clusters": the list with live status (htmx polls the table every 2 s), the request form, and
 * a page per cluster. Everything is read and changed through {@link ClusterService}, which scopes
 * it to the signed-in user; another user's cluster is a not-found page.
 */
@Path("/clusters")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ClusterPages {

    /** htmx event (HX-Trigger) after any change, so the table and the detail panel refresh at once. */
    static final String CHANGED = "clusters-changed";
    private static final Set<String> FORM_FIELDS = Set.of("name", "config", "ttl");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ClusterView> clusters, RequestForm form);

        static native TemplateInstance list$table(List<ClusterView> clusters);

        static native TemplateInstance list$form(RequestForm form);

        static native TemplateInstance detail(ClusterView cluster, List<ClusterEventView> events);

        static native TemplateInstance detail$status(ClusterView cluster, List<ClusterEventView> events);
    }

    /**
     * The request form as shown: what was typed (so a rejected submit loses nothing), the errors
     * next to their fields, the TTL policy for the hint, and the cluster just requested, if any.
     */
    public record RequestForm(String name, String config, String ttl, FieldErrors errors, String ttlDefault,
            String ttlMax, String requested) {

        public RequestForm {
            name = name == null ? "" : name;
            config = config == null ? "" : config;
            ttl = ttl == null ? "" : ttl;
            requested = requested == null ? "" : requested;
        }
    }

    private final ClusterService clusters;
    private final ClusterPolicy policy;
    private final PageErrors errors;

    public ClusterPages(ClusterService clusters, ClusterPolicy policy, PageErrors errors) {
        this.clusters = clusters;
        this.policy = policy;
        this.errors = errors;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(clusters.list(), form(null, null, null, FieldErrors.NONE, null));
    }

    @GET
    @Path("table")
    public TemplateInstance table() {
        return Templates.list$table(clusters.list());
    }

    @POST
    public Response request(@RestForm String name, @RestForm String config, @RestForm String ttl) {
        try {
            ClusterView created = clusters.request(name, config, ttl);
            return Response.ok(Templates.list$form(form(null, null, null, FieldErrors.NONE, created.name())))
                    .header("HX-Trigger", CHANGED).build();
        } catch (ProblemException problem) {
            // Config problems name paths inside the YAML (featureGates.Krustlet): they belong under the textarea.
            FieldErrors shown = FieldErrors.of(problem, FORM_FIELDS,
                    field -> field.equals("name") || field.equals("ttl") ? field : "config");
            // 422: the form comes back with what was typed and the errors next to the fields; htmx swaps it in.
            return Response.status(422).entity(Templates.list$form(form(name, config, ttl, shown, null))).build();
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id) {
        return Templates.detail(clusters.get(id), clusters.events(id, 0));
    }

    @GET
    @Path("{id}/status")
    public TemplateInstance status(@RestPath String id) {
        return Templates.detail$status(clusters.get(id), clusters.events(id, 0));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@RestPath String id) {
        clusters.delete(id);
        return Response.noContent().header("HX-Trigger", CHANGED).build();
    }

    @POST
    @Path("{id}/extend")
    public Response extend(@RestPath String id, @RestForm String ttl) {
        clusters.extend(id, ttl);
        return Response.noContent().header("HX-Trigger", CHANGED).build();
    }

    /** A download for the browser; the same file as GET /api/v1/clusters/{id}/kubeconfig. */
    @GET
    @Path("{id}/kubeconfig")
    @Produces("application/yaml")
    public Response kubeconfig(@RestPath String id) {
        return Response.ok(clusters.kubeconfig(id))
                .header("Content-Disposition", "attachment; filename=\"" + id + "-kubeconfig.yaml\"")
                .build();
    }

    /** Service problems on these pages become a readable page or message, not problem+json. */
    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }

    private RequestForm form(String name, String config, String ttl, FieldErrors shown, String requested) {
        return new RequestForm(name, config, ttl, shown, Durations.format(policy.ttl().defaultTtl()),
                Durations.format(policy.ttl().max()), requested);
    }
}
