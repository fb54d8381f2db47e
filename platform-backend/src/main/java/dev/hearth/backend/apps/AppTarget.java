package dev.hearth.backend.apps;

/**
 * One app: a Service (with a port named {@code http}) in a namespace of a cluster.
 *
 * @param clusterId the cluster
 * @param kubeconfig its admin kubeconfig, for transports that call its API server
 * @param namespace the Service's namespace
 * @param service the Service's name
 */
public record AppTarget(String clusterId, String kubeconfig, String namespace, String service) {

    @Override
    public String toString() {
        return "AppTarget[" + clusterId + "/" + namespace + "/" + service + "]"; // never the kubeconfig
    }
}
