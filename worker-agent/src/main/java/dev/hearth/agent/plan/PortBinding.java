package dev.hearth.agent.plan;

/**
 * A container port published on the host. Hearth publishes on loopback only (docs/architecture.md, "Names and labels"); the host
 * port is picked free when the container starts, so plans never collide and need no port registry.
 *
 * @param containerPort the port inside the container
 * @param hostIp the host address it is published on, always {@code 127.0.0.1} in a plan
 * @param hostPort the host port, {@link #PICK_FREE} until the container runs
 */
public record PortBinding(int containerPort, String hostIp, int hostPort) {

    /** Docker's "choose a free port" host port. */
    public static final int PICK_FREE = 0;

    public static PortBinding loopback(int containerPort) {
        return new PortBinding(containerPort, "127.0.0.1", PICK_FREE);
    }
}
