package dev.hearth.agent.docker;

/** What asking the Docker engine for a sign of life found. */
public sealed interface DockerProbe {

    /** The engine's address as configured. */
    String address();

    /**
     * The engine answered.
     *
     * @param version the engine's version, e.g. {@code 20.10.24}
     */
    record Reachable(String address, String version) implements DockerProbe {}

    /**
     * The engine did not answer in time, or refused.
     *
     * @param reason the failure's cause, e.g. {@code Connection refused}
     */
    record Unreachable(String address, String reason) implements DockerProbe {

        /** The sentence operators see on the readiness check and in the agent's log. */
        public String message() {
            return "Docker engine not reachable at " + address + ": " + reason;
        }
    }
}
