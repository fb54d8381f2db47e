package dev.hearth.backend.apps;

/**
 * How a request for a participant's web app reaches it inside their cluster (docs/portal.md, "Web apps").
 * {@link AppTunnelTransport}: through the agent channel of the cluster's host, which works for hosts behind
 * NAT too. (It replaced calling the cluster's API server service proxy from the backend: one way to reach
 * an app, and the one that needs no inbound route to a host.)
 */
public interface AppTransport {

    /**
     * Sends {@code request} to port {@code http} of {@code target}'s Service and returns its answer as is
     * ({@link AppResponses} decides what of it reaches a browser).
     *
     * @throws dev.hearth.backend.problem.ProblemException when the app cannot be reached (404 no such
     *         Service, 503 nothing ready behind it, 502 unreachable or not HTTP, 504 no answer in time)
     */
    AppResponse exchange(AppTarget target, AppRequest request);
}
