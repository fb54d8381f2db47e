package dev.hearth.backend.demo;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.logs.LogEvents;
import dev.hearth.backend.logs.PodLogs;
import dev.hearth.backend.problem.NotFoundProblem;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The demo page's two log panels: the build log and the demo pod's log, live (SSE, resuming after
 * {@code Last-Event-ID}) and as a download. They are page paths, not the {@code /api/v1} ones, because
 * {@code /api/*} is a bearer-token tenant a browser session cannot call; ownership is checked by the
 * same services as the API, so another participant's build or pod is a 404.
 */
@Path("/demo")
@Authenticated
public class DemoLogPages {

    private final DemoService demo;
    private final PodLogs podLogs;
    private final LogEvents events;

    public DemoLogPages(DemoService demo, PodLogs podLogs, LogEvents events) {
        this.demo = demo;
        this.podLogs = podLogs;
        this.events = events;
    }

    @GET
    @Path("builds/{id}/log")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> buildLog(@RestPath String id, @HeaderParam("Last-Event-ID") Long lastEventId,
            @Context Sse sse) {
        return events.events(buildStream(id), lastEventId, null, sse);
    }

    @GET
    @Path("builds/{id}/log.txt")
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    public Response buildLogText(@RestPath String id) {
        return events.text(buildStream(id), "build-" + id + ".log");
    }

    /** The demo pod's log; {@code uid} names the run the page shows, so an older page never follows a newer pod. */
    @GET
    @Path("pod/log")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> podLog(@RestQuery String uid, @HeaderParam("Last-Event-ID") Long lastEventId,
            @Context Sse sse) {
        return events.events(podStream(uid), lastEventId, null, sse);
    }

    @GET
    @Path("pod/log.txt")
    @Produces(MediaType.TEXT_PLAIN)
    @Blocking
    public Response podLogText(@RestQuery String uid) {
        RunView run = run(uid);
        return events.text(podStream(uid), run.pod() + ".log");
    }

    /** The caller's build's stream; another person's build is a 404. */
    private LogStreamId buildStream(String id) {
        return new LogStreamId.Build(demo.build(id).id().toString());
    }

    private LogStreamId podStream(String uid) {
        RunView run = run(uid);
        return podLogs.follow(run.clusterId(), run.namespace(), run.pod(), run.container());
    }

    private RunView run(String uid) {
        RunView run = demo.progress().run();
        if (run == null || uid == null || !uid.equals(run.uid())) {
            throw new NotFoundProblem("demo pod", uid == null ? "" : uid);
        }
        return run;
    }
}
