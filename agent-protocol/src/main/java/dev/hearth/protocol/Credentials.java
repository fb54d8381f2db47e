package dev.hearth.protocol;

/**
 * A cluster's admin kubeconfig, sent once the agent has made it; the backend stores it encrypted
 * (docs/agent-channel.md).
 *
 * @param clusterId the cluster's id
 * @param kubeconfig the kubeconfig YAML, naming the API server at the agent's advertise address
 */
public record Credentials(String clusterId, String kubeconfig) implements AgentMessage {

    public Credentials {
        Required.text(clusterId, "clusterId");
        Required.text(kubeconfig, "kubeconfig");
    }

    /** Leaves the kubeconfig out: it holds a client key, and messages end up in logs. */
    @Override
    public String toString() {
        return "Credentials[clusterId=" + clusterId + ", kubeconfig=(" + kubeconfig.length() + " chars)]";
    }
}
