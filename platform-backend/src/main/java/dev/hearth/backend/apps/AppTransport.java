package dev.hearth.backend.apps;

/**
 * How a request for a participant's web app reaches it inside their cluster (docs/portal.md, "Web apps").
 * Today {@link ApiServerServiceProxy}: the backend calls the cluster's API server service proxy with the
 * cluster's admin credentials, as it reads pods. The agent channel's tunnels (an {@code Http} target,
 * which also works for hosts behind NAT) are meant to replace it behind this interface.
 */
public interface AppTransport {

    /**
     * Sends {@code request} to port {@code http} of {@code target}'s Service and returns its answer as is
     * ({@link AppResponses} decides what of it reaches a browser).
     *
     * @throws dev.hearth.backend.problem.ConflictProblem when the cluster does not answer
     */
    AppResponse exchange(AppTarget target, AppRequest request);
}
