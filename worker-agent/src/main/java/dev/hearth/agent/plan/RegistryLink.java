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
 */
public record RegistryLink(String containerName, String networkAlias, LocalRegistryHosting hosting) {}
