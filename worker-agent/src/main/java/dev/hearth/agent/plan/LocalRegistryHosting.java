package dev.hearth.agent.plan;

/**
 * The {@code localRegistryHosting.v1} value of the {@code kube-public/local-registry-hosting}
 * ConfigMap, which tells tools where a cluster's local registry is (KEP-1755,
 * https://github.com/kubernetes/enhancements/tree/master/keps/sig-cluster-lifecycle/generic/1755-communicating-a-local-registry).
 *
 * @param host where the host's users push ({@code localhost:<port>})
 * @param hostFromContainerRuntime where the node's runtime pulls from
 * @param hostFromClusterNetwork where pods on the cluster network reach it
 * @param help a page explaining the registry
 */
public record LocalRegistryHosting(
    String host, String hostFromContainerRuntime, String hostFromClusterNetwork, String help) {}
