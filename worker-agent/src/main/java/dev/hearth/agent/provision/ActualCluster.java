package dev.hearth.agent.provision;

/**
 * A cluster as Docker shows it on this host, found by its labels.
 *
 * @param id the {@code dev.hearth.cluster} label
 * @param controlPlaneRunning whether its control-plane container runs
 */
public record ActualCluster(String id, boolean controlPlaneRunning) {
}
