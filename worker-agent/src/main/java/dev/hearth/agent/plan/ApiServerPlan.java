package dev.hearth.agent.plan;

import java.util.List;

/**
 * What the cluster's API server certificate and kubeconfigs must say.
 *
 * @param advertiseAddress the address kubeconfigs name; the port is the published host port
 * @param containerPort the API server's port inside the container
 * @param inClusterUrl how the WASI node, on the cluster network, reaches it
 * @param dnsNames the DNS names its serving certificate must carry
 * @param ipAddresses the IP addresses (literals) its serving certificate must carry
 */
public record ApiServerPlan(
        String advertiseAddress, int containerPort, String inClusterUrl, List<String> dnsNames,
        List<String> ipAddresses) {

    public ApiServerPlan {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }
}
