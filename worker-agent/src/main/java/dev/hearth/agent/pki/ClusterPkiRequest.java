package dev.hearth.agent.pki;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a cluster's certificates must cover.
 *
 * @param clusterId the cluster's short id, put in the CA's name so certificates say whose they are
 * @param apiServerDnsNames DNS names the API server is reached by (container name, localhost, the
 *     in-cluster service names)
 * @param apiServerAddresses IP addresses the API server is reached by (loopback, the advertise
 *     address, the first address of the service range)
 * @param validity how long every certificate is valid; a cluster never outlives its TTL by much
 */
public record ClusterPkiRequest(String clusterId, List<String> apiServerDnsNames,
        List<InetAddress> apiServerAddresses, Duration validity) {

    public ClusterPkiRequest {
        Objects.requireNonNull(clusterId, "clusterId");
        apiServerDnsNames = List.copyOf(apiServerDnsNames);
        apiServerAddresses = List.copyOf(apiServerAddresses);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, was " + validity);
        }
    }
}
