package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.problem.ConflictProblem;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The cluster page's pods (issue 5): the list as {@code kubectl get pods -A -o wide} shows it, and a
 * "Logs" action per container that swaps in a live log panel. The panel's stream and download are
 * page routes (the session's cookie), the same as the API's {@code …/pods/{ns}/{pod}/logs}.
 */
@Path("/clusters/{id}/pods")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class PodPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pods(String clusterId, List<PodReader.PodRow> pods, String problem);

        static native TemplateInstance panel(String src, String download, String label);
    }

    private final ClusterService clusters;
    private final PodReader reader;
    private final PodLogs podLogs;
    private final LogEvents events;
    private final PageErrors errors;

    public PodPages(ClusterService clusters, PodReader reader, PodLogs podLogs, LogEvents events, PageErrors errors) {
        this.clusters = clusters;
        this.reader = reader;
        this.podLogs = podLogs;
        this.events = events;
        this.errors = errors;
    }

    /** The pods panel, loaded into the cluster page after it shows (the API server may be slow). */
    @GET
    @Blocking
    public TemplateInstance pods(@RestPath String id) {
        String kubeconfig;
        try {
            kubeconfig = clusters.kubeconfig(id);
        } catch (ConflictProblem notReady) {
            return Templates.pods(id, List.of(), notReady.getMessage());
        }
        try {
            return Templates.pods(id, reader.list(kubeconfig), null);
        } catch (ConflictProblem notAnswering) {
            return Templates.pods(id, List.of(), notAnswering.getMessage());
        }
    }

    /** A live log panel for one container, swapped in under the pods list. */
    @GET
    @Path("{namespace}/{pod}/panel")
    @Blocking
    public TemplateInstance panel(@RestPath String id, @RestPath String namespace, @RestPath String pod,
            @RestQuery String container) {
        String name = podLogs.follow(id, namespace, pod, container).container();
        String query = "?container=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return Templates.panel(route("logs", id, namespace, pod) + query, route("download", id, namespace, pod) + query,
                "Logs of " + namespace + "/" + pod + " " + name);
    }

    @GET
    @Path("{namespace}/{pod}/logs")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> logs(@RestPath String id, @RestPath String namespace, @RestPath String pod,
            @RestQuery String container, @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        return events.events(podLogs.follow(id, namespace, pod, container), lastEventId, null, sse);
    }

    @GET
    @Path("{namespace}/{pod}/download")
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    public Response download(@RestPath String id, @RestPath String namespace, @RestPath String pod,
            @RestQuery String container) {
        LogStreamId.Pod stream = podLogs.follow(id, namespace, pod, container);
        return events.text(stream, pod + "-" + stream.container() + ".log");
    }

    private static String route(String method, Object... values) {
        return UriBuilder.fromResource(PodPages.class).path(PodPages.class, method).build(values).toString();
    }

    /** Problems on these routes become a readable page or message, not problem+json. */
    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }
}
