package dev.hearth.backend.terminal;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.NotFoundProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/**
 * A cluster owner's terminal page (docs/portal.md, "Terminal"); anyone else gets the not-found page, as
 * the socket gets 404. Its own root path, like logs.PodPages: JAX-RS picks one resource class by path
 * and never falls back to another, so a method under {@code /} would lose to cluster.ClusterPages.
 */
@Path("/clusters/{id}/terminal")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class TerminalPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance terminal(String clusterId, String socket, boolean watch, String title);
    }

    private final TerminalAccess access;
    private final Caller caller;

    public TerminalPages(TerminalAccess access, Caller caller) {
        this.access = access;
        this.caller = caller;
    }

    @GET
    public TemplateInstance own(@RestPath String id) {
        TerminalTarget target = access.own(caller, id).orElseThrow(() -> new NotFoundProblem("cluster", id));
        return Templates.terminal(target.clusterId(), "/clusters/" + id + "/terminal/socket", false,
                "Terminal of " + target.clusterId());
    }
}
