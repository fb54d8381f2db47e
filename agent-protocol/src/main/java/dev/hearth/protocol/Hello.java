package dev.hearth.protocol;

/**
 * The agent's first message on a new connection: who it is and what its host offers. The backend
 * answers with the full {@link DesiredClusters} for that host.
 *
 * @param hostId the host's identity, as enrolled
 * @param version the agent's software version, for the operator's host page
 * @param capacity what the host offers
 */
public record Hello(String hostId, String version, Capacity capacity) implements AgentMessage {

    public Hello {
        Required.text(hostId, "hostId");
        Required.value(capacity, "capacity");
    }
}
