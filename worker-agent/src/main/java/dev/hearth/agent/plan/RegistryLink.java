package dev.hearth.agent.plan;

/**
 * How a cluster reaches its host's shared registry. The registry container is one per host and not
 * part of any cluster; the cluster only gets it connected to its network under the alias
 * {@code hearth-registry}, so inside every cluster the registry has the same name even when agents
 * sharing one Docker engine name their registry containers differently.
 *
 * @param containerName the host's registry container
 * @param networkAlias its name on the cluster network
 * @param hosting what the KEP-1755 ConfigMap says
 * @param namespace the cluster's owner's namespace, the only participant's repositories the registry's
 *     read-side filter lets this cluster read besides the shared ones; null when none is known
 *     (docs/security.md, "Participant's cluster and the host's network")
 */
public record RegistryLink(String containerName, String networkAlias, LocalRegistryHosting hosting, String namespace) {}
