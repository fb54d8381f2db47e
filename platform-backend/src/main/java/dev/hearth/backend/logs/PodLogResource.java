package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/clusters/{id}/pods/{ns}/{pod}/logs}: a pod container's log, like {@code kubectl logs
 * [-f]}. Server-sent events when following ({@code ?follow=true} or {@code Accept: text/event-stream};
 * see {@link FollowAccept}), else the stored lines as a text file.
 */
@Path("/api/v1/clusters/{id}/pods/{namespace}/{pod}/logs")
@Tag(name = "Clusters")
public class PodLogResource {

    private final PodLogs podLogs;
    private final LogEvents events;

    public PodLogResource(PodLogs podLogs, LogEvents events) {
        this.podLogs = podLogs;
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Follow a pod container's log (live)",
            description = "Server-sent events 'line' (id = line number from 0, data = the line) and a final 'end' once the "
                    + "container exited and its log is read. Resumes after Last-Event-ID. container may be left out when the pod has one.")
    public Multi<OutboundSseEvent> follow(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("pod") String pod, @QueryParam("container") String container, @QueryParam("after") Long after,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context Sse sse) {
        return events.events(podLogs.follow(id, namespace, pod, container), lastEventId, after, sse);
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    @RequiresScope(Scope.CLUSTERS_READ)
    @Operation(summary = "Download a pod container's log",
            description = "The lines stored so far as a text file (Content-Disposition: attachment). Add follow=true to stream instead.")
    public Response text(@PathParam("id") String id, @PathParam("namespace") String namespace,
            @PathParam("pod") String pod, @QueryParam("container") String container) {
        LogStreamId.Pod stream = podLogs.follow(id, namespace, pod, container);
        return events.text(stream, pod + "-" + stream.container() + ".log");
    }
}
