package dev.hearth.agent.docker;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.plan.ContainerNodeIsolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes a started container node's id map (docs/container-node.md, "Isolation", layer 3): the node's
 * first process ({@link ContainerNodeIsolation#INIT}) has made its user namespace and waits; the agent,
 * root on the host, maps that namespace's ids 0..65535 onto the node's host range — what
 * {@code newuidmap} does for rootless runtimes, done from outside so the node holds no setuid helper
 * and no capability. Needs the host's pid namespace: the local agent has it (a joined host's agent
 * container does not yet).
 */
public final class NodeIdMap {

    private static final Duration UNSHARE_DEADLINE = Duration.ofSeconds(10);

    private NodeIdMap() {
    }

    public static void write(DockerClient docker, String container, ContainerNodeIsolation isolation) {
        Long pid = docker.inspectContainerCmd(container).exec().getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new IllegalStateException("container node " + container + " is not running, so its ids cannot be mapped");
        }
        Path proc = Path.of("/proc", pid.toString());
        try {
            awaitOwnUserNamespace(proc, container);
            Files.writeString(proc.resolve("uid_map"), isolation.idMap());
            Files.writeString(proc.resolve("gid_map"), isolation.idMap());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to map the ids of container node " + container, e);
        }
    }

    /** The map can only be written once the process has left the host's user namespace (it does so first thing). */
    private static void awaitOwnUserNamespace(Path proc, String container) throws IOException {
        Path hosts = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
        long deadline = System.nanoTime() + UNSHARE_DEADLINE.toNanos();
        while (Files.readSymbolicLink(proc.resolve("ns/user")).equals(hosts)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("container node " + container + " did not make its user namespace within "
                        + UNSHARE_DEADLINE.toSeconds() + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for container node " + container, e);
            }
        }
    }
}
