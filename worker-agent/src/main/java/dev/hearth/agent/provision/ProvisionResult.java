package dev.hearth.agent.provision;

/**
 * A cluster that reached READY.
 *
 * @param apiEndpoint its API server at the agent's advertise address, e.g. {@code https://127.0.0.1:40123}
 * @param kubeconfig the admin kubeconfig naming that endpoint
 */
public record ProvisionResult(String apiEndpoint, String kubeconfig) {

    /** Leaves the kubeconfig out: it holds a client key, and results end up in logs. */
    @Override
    public String toString() {
        return "ProvisionResult[apiEndpoint=" + apiEndpoint + "]";
    }
}
