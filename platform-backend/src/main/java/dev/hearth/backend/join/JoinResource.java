package dev.hearth.backend.join;

import dev.hearth.backend.agent.AuthenticatedHost;
import dev.hearth.backend.agent.HostAuthenticator;
import dev.hearth.backend.host.JoinCommand;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.portal.PublicUrl;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What a machine needs to become a host (docs/operations.md "Adding a host"): the install script
 * (public: it holds no secret, and the portal's public URL is written into it), then — with the host's
 * token, as the agent channel takes it — which host the token is for and which images to load, and the
 * images themselves by digest. Agent-facing, so not part of the REST API's OpenAPI document.
 */
@Path("/agent/v1")
public class JoinResource {

    private static final String SCRIPT_RESOURCE = "join/install.sh";
    private static final String URL_PLACEHOLDER = "@HEARTH_URL@";

    private final HostAuthenticator authenticator;
    private final ImageStore store;
    private final PublicUrl address;

    public JoinResource(HostAuthenticator authenticator, ImageStore store, PublicUrl address) {
        this.authenticator = authenticator;
        this.store = store;
        this.address = address;
    }

    @GET
    @Path(JoinCommand.INSTALL_SCRIPT_PATH_IN_AGENT_AREA)
    @Produces("text/x-shellscript")
    @Operation(hidden = true)
    public String installScript() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the backend's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(URL_PLACEHOLDER, PublicUrl.base(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code host <name>}, {@code url <public url>}, then one {@code image …} line per stored image
     * ({@link StoredImage#line()}): plain lines a POSIX shell reads without a JSON parser.
     */
    @GET
    @Path("join")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String join(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest request) {
        AuthenticatedHost host = authenticate(authorization, request);
        return "host " + host.name() + "\nurl " + PublicUrl.base(address) + "\n"
                + store.images().stream().map(image -> image.line() + "\n").collect(Collectors.joining());
    }

    @GET
    @Path("images/{digest}")
    @Produces("application/x-tar")
    @Operation(hidden = true)
    public Response image(@PathParam("digest") String digest, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request) {
        authenticate(authorization, request);
        // Sent as a file (sendfile, Content-Length set), never read into the heap: tarballs are hundreds of MiB.
        return Response.ok(store.blob(digest).toFile()).build();
    }

    /** The agent channel's own check (and audit of refusals): an enrolled host's token, not revoked. */
    private AuthenticatedHost authenticate(String authorization, HttpServerRequest request) {
        return authenticator.authenticate(authorization, String.valueOf(request.remoteAddress()))
                .orElseThrow(() -> new ProblemException(401, "host-token-refused", "Host token refused",
                        "a valid, unrevoked host token is required (Authorization: Bearer hha_…)"));
    }
}
