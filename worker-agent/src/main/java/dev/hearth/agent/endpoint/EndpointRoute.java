package dev.hearth.agent.endpoint;

import java.util.Objects;

/**
 * One cluster's route through the endpoint.
 *
 * @param clusterId the cluster it belongs to (names its HAProxy backend)
 * @param serverName the TLS SNI name clients send for it, its kubeconfig's {@code tls-server-name}
 * @param loopbackPort the API server's port published on 127.0.0.1
 */
public record EndpointRoute(String clusterId, String serverName, int loopbackPort) {

    public EndpointRoute {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(serverName, "serverName");
        if (loopbackPort < 1 || loopbackPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + loopbackPort);
        }
    }
}
