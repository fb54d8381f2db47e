package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.problem.ConflictProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import dev.hearth.backend.portal.PublicUrl;
import dev.hearth.backend.problem.ValidationProblem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
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

        static native TemplateInstance shared(String namespace, String service, String url, String expiresAt, String problem);
    }

    private final ClusterService clusters;
    private final AppList list;
    private final AppShareLinks links;
    private final PublicUrl publicUrl;

    public AppListPage(ClusterService clusters, AppList list, AppShareLinks links, PublicUrl publicUrl) {
        this.clusters = clusters;
        this.list = list;
        this.links = links;
        this.publicUrl = publicUrl;
    }

    /**
     * The row's "Share" form: a link that opens the app signed out for {@code minutes}, shown once under
     * the table (the same as {@code POST /api/v1/clusters/{id}/app-share-links}).
     */
    @POST
    @Path("share")
    @Blocking
    public Response share(@RestPath String id, @RestForm String namespace, @RestForm String service, @RestForm Integer minutes) {
        try {
            AppShareLinks.Created created = links.create(id, namespace, service, minutes);
            return Response.ok(Templates.shared(namespace, service, PublicUrl.base(publicUrl) + "/shared-apps/" + created.token() + "/",
                    created.expiresAt().toString(), null)).build();
        } catch (ValidationProblem invalid) {
            return Response.status(422).entity(Templates.shared(namespace, service, null, null, invalid.getMessage())).build();
        }
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
