package dev.hearth.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.time.Instant;

/** Small questions about a container's state, asked the same way everywhere. */
public final class ContainerState {

    private ContainerState() {
    }

    /** Whether the container exists and runs. */
    public static boolean running(DockerClient docker, String container) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(container).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** When the running container last started. */
    public static Instant startedAt(DockerClient docker, String container) {
        return Instant.parse(docker.inspectContainerCmd(container).exec().getState().getStartedAt());
    }

    /** The host port {@code containerPort}/tcp is published on, as the running container reports it. */
    public static int publishedPort(DockerClient docker, String container, int containerPort) {
        InspectContainerResponse inspected = docker.inspectContainerCmd(container).exec();
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
        if (bindings == null || bindings.length == 0) {
            throw new IllegalStateException("container " + container + " publishes no port for " + containerPort + "/tcp");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }
}
