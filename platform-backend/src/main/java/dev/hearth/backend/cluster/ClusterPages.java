package dev.hearth.backend.cluster;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.ratelimit.StreamCaps;
import dev.hearth.backend.support.Durations;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * "My clusters": the list with live status (htmx polls the table every 2 s), the request form, and
 * a page per cluster that follows its provisioning live and, once READY, shows what is inside it. Everything is read and changed through {@link ClusterService}, which scopes
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

        static native TemplateInstance detail(ClusterView cluster, List<ProvisioningLine> lines,
                List<ClusterEventView> events, long lastEventId);

        static native TemplateInstance detail$status(ClusterView cluster);

        static native TemplateInstance detail$progress(List<ProvisioningLine> lines, List<ClusterEventView> events);

        static native TemplateInstance inspection(ClusterView cluster, ClusterInspection inspection);
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
    private final ClusterEventStream stream;
    private final ClusterInspector inspector;
    private final ClusterPolicy policy;
    private final PageErrors errors;
    private final StreamCaps caps;
    private final Caller caller;

    public ClusterPages(ClusterService clusters, ClusterEventStream stream, ClusterInspector inspector,
            ClusterPolicy policy, PageErrors errors, StreamCaps caps, Caller caller) {
        this.caps = caps;
        this.caller = caller;
        this.clusters = clusters;
        this.stream = stream;
        this.inspector = inspector;
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
        ClusterView cluster = clusters.get(id);
        List<ClusterEventView> events = clusters.events(id, 0);
        long last = events.isEmpty() ? 0 : events.getLast().id();
        return Templates.detail(cluster, ProvisioningProgress.of(events), events, last);
    }

    /** The page's head and facts; re-fetched whenever the live stream says something happened. */
    @GET
    @Path("{id}/status")
    public TemplateInstance status(@RestPath String id) {
        return Templates.detail$status(clusters.get(id));
    }

    /**
     * The live part of the page, over SSE (the htmx sse extension): after each new event, a
     * {@code progress} event carrying the step list and event log re-rendered, then {@code changed}
     * so the page re-fetches its status; {@code done} once the cluster is deleted. The event id is the
     * cluster event's, so a browser reconnecting with {@code Last-Event-ID} resumes where it was; the
     * page passes {@code after} for the events it was rendered with.
     */
    @GET
    @Path("{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> live(@RestPath String id, @RestQuery long after,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        long cursor = lastEventId != null ? lastEventId : after;
        // Lines are read from all events so far: the ones this browser has, then each new one.
        List<ClusterEventView> seen = new ArrayList<>(clusters.events(id, 0).stream().filter(e -> e.id() <= cursor).toList());
        return caps.capped(caller.userId(), stream.follow(id, cursor))
                .onItem().transformToIterable(event -> {
                    seen.add(event);
                    String html = Templates.detail$progress(ProvisioningProgress.of(seen), List.copyOf(seen)).render();
                    return List.of(
                            sse.newEventBuilder().id(Long.toString(event.id())).name("progress").data(html).build(),
                            sse.newEventBuilder().name("changed").data(event.phase().name()).build());
                })
                .onCompletion().continueWith(sse.newEventBuilder().name("done").data("deleted").build());
    }

    /** Nodes and namespaces of a READY cluster, asked of its API server when the panel loads or is refreshed. */
    @GET
    @Path("{id}/inspection")
    public TemplateInstance inspection(@RestPath String id) {
        return Templates.inspection(clusters.get(id), inspector.inspect(id));
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

    /**
     * A download for the browser; the same file as GET /api/v1/clusters/{id}/kubeconfig, saved under
     * the name the page's kubectl lines use.
     */
    @GET
    @Path("{id}/kubeconfig")
    @Produces("application/yaml")
    public Response kubeconfig(@RestPath String id) {
        return Response.ok(clusters.kubeconfig(id))
                .header("Content-Disposition", "attachment; filename=\"" + clusters.get(id).kubeconfigFileName() + "\"")
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
