package dev.hearth.backend.apps;

import dev.hearth.backend.identity.RequiresScope;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.portal.PublicUrl;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/clusters/{id}/app-share-links}: the owner makes a link that opens one app
 * signed out until it expires (scope {@code clusters:write}: it lets others in). The link is shown
 * once; only its hash is kept.
 */
@Path("/api/v1/clusters/{id}/app-share-links")
@Tag(name = "Clusters")
public class AppShareLinkResource {

    private final AppShareLinks links;
    private final PublicUrl publicUrl;

    public AppShareLinkResource(AppShareLinks links, PublicUrl publicUrl) {
        this.links = links;
        this.publicUrl = publicUrl;
    }

    /** @param expiresInMinutes 1 to 10080 (7 days) */
    public record ShareLinkRequest(String namespace, String service, Integer expiresInMinutes) {}

    /** @param url the link, to be given to whoever may open the app */
    public record ShareLinkView(String url, Instant expiresAt) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.CLUSTERS_WRITE)
    @Operation(summary = "Share a web app", description = "A link that opens the app without signing in until it expires "
            + "or the cluster is deleted. Needs clusters:write.")
    public Response create(@PathParam("id") String id, ShareLinkRequest body) {
        ShareLinkRequest request = body == null ? new ShareLinkRequest(null, null, null) : body;
        AppShareLinks.Created created = links.create(id, request.namespace(), request.service(), request.expiresInMinutes());
        String url = PublicUrl.base(publicUrl) + "/shared-apps/" + created.token() + "/";
        return Response.status(201).entity(new ShareLinkView(url, created.expiresAt())).build();
    }
}
