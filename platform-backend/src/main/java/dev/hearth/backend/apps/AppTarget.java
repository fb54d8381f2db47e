package dev.hearth.backend.apps;

import java.util.UUID;

/**
 * One app: a Service (with a port named {@code http}) in a namespace of a cluster.
 *
 * @param clusterId the cluster
 * @param hostId the host holding it, whose agent the request is tunnelled through
 * @param namespace the Service's namespace
 * @param service the Service's name
 */
public record AppTarget(String clusterId, UUID hostId, String namespace, String service) {
}
