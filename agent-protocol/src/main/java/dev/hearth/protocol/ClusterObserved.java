package dev.hearth.protocol;

/**
 * What an agent sees of one cluster, sent on every change (each provisioning step included).
 *
 * @param id the cluster's id
 * @param generation the desired generation this observation was made for
 * @param phase the observed phase
 * @param step the provisioning step under way or just finished, as the UI shows it; may be null
 * @param apiEndpoint the API server's URL at the agent's advertise address, once known; may be null
 * @param message a human-readable detail, e.g. why the cluster failed; may be null
 */
public record ClusterObserved(
        String id, long generation, ObservedPhase phase, String step, String apiEndpoint, String message)
        implements AgentMessage {

    public ClusterObserved {
        Required.text(id, "id");
        Required.value(phase, "phase");
    }
}
