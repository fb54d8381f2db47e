package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.ClusterService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The app URL's one code path (docs/portal.md, "Web apps"): owner check, address check, transport,
 * response hardening. Used by the session page, the API and share links alike.
 */
@ApplicationScoped
public class AppProxy {

    private final ClusterService clusters;
    private final AppTransport transport;

    public AppProxy(ClusterService clusters, AppTransport transport) {
        this.clusters = clusters;
        this.transport = transport;
    }

    /**
     * Forwards a request for {@code namespace/service} of one of the caller's clusters.
     *
     * @throws dev.hearth.backend.problem.NotFoundProblem when the cluster is not the caller's (as if it did not exist)
     */
    public Response forOwner(String clusterId, String namespace, String service, AppCall call) {
        AppAddress.requireName("namespace", namespace);
        AppAddress.requireName("service", service);
        java.util.UUID host = clusters.readyHost(clusterId); // 404 for another's cluster, 409 until READY
        return forward(new AppTarget(clusterId, host, namespace, service), call);
    }

    /**
     * Asks an app of one of the caller's clusters {@code GET path} itself, as its owner (the guided demo's
     * check that the participant's app answers): the same owner check and transport as the app URL.
     *
     * @throws dev.hearth.backend.problem.NotFoundProblem when the cluster is not the caller's
     * @throws dev.hearth.backend.problem.ConflictProblem when the cluster is not READY or does not answer
     */
    public AppResponse getAsOwner(String clusterId, String namespace, String service, String path) {
        AppAddress.requireName("namespace", namespace);
        AppAddress.requireName("service", service);
        java.util.UUID host = clusters.readyHost(clusterId);
        return transport.exchange(new AppTarget(clusterId, host, namespace, service),
                new AppRequest("GET", AppAddress.path(path), null, java.util.Map.of(), new byte[0]));
    }

    /** Forwards a request for a target already authorized (a share link). */
    public Response forward(AppTarget target, AppCall call) {
        AppAddress.requireName("namespace", target.namespace());
        AppAddress.requireName("service", target.service());
        AppRequest request = new AppRequest(call.method(), AppAddress.path(call.rawPath()), call.uri().getRequestUri().getRawQuery(),
                AppRequests.headers(call.headers().getRequestHeaders()), call.body() == null ? new byte[0] : call.body());
        return AppResponses.toResponse(transport.exchange(target, request));
    }

    /**
     * A request as a resource received it.
     *
     * @param method its method
     * @param rawPath the path after the app's prefix, still percent-encoded
     */
    public record AppCall(String method, String rawPath, UriInfo uri, HttpHeaders headers, byte[] body) {

        /**
         * The call, its app path being what follows the first {@code prefixSegments} segments of the raw
         * request path (e.g. 4 for {@code /apps/{cluster}/{namespace}/{service}}): read raw, since a decoded
         * path could hide an encoded '/' or '..'.
         */
        public static AppCall of(String method, int prefixSegments, UriInfo uri, HttpHeaders headers, byte[] body) {
            String raw = uri.getRequestUri().getRawPath();
            int at = 0;
            for (int i = 0; i < prefixSegments && at >= 0; i++) {
                at = raw.indexOf('/', at + 1);
            }
            return new AppCall(method, at < 0 ? "" : raw.substring(at), uri, headers, body);
        }
    }
}
