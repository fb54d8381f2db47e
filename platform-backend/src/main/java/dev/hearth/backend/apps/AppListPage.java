package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.problem.ConflictProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The cluster page's "Web apps" panel: each Service with a port named {@code http}, with its link
 * {@code /apps/{cluster}/{namespace}/{service}/}. Loaded after the page shows, as the pods panel is.
 */
@Path("/clusters/{id}/apps")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AppListPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance apps(String clusterId, List<AppList.App> apps, String problem);
    }

    private final ClusterService clusters;
    private final AppList list;

    public AppListPage(ClusterService clusters, AppList list) {
        this.clusters = clusters;
        this.list = list;
    }

    @GET
    @Blocking
    public TemplateInstance apps(@RestPath String id) {
        try {
            return Templates.apps(id, list.list(clusters.kubeconfig(id)), null);
        } catch (ConflictProblem notReadyOrNotAnswering) {
            return Templates.apps(id, List.of(), notReadyOrNotAnswering.getMessage());
        }
    }
}
