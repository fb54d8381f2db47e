package dev.hearth.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.network.EgressGuard;
import dev.hearth.agent.plan.HearthLabels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A host identity of its own for one test class, on this machine's real Docker engine: a unique host
 * id, its own registry container name and port, the node images built by node-image/. Everything the
 * agent makes under it carries its host label, so {@link #close()} removes exactly that — and parallel
 * test runs, or a running Hearth, never touch each other's objects.
 */
public final class TestHost implements AutoCloseable {

    private final String hostId = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final int registryPort = freePort();
    private final AgentSettings settings;
    private final DockerEndpoint docker;

    public TestHost() {
        this(Map.of());
    }

    public TestHost(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "hearth.agent.host-id", hostId,
                "hearth.agent.registry.name", "hearth-registry-" + hostId,
                "hearth.agent.registry.port", Integer.toString(registryPort),
                "hearth.agent.images.control-plane", NodeImages.controlPlane(),
                "hearth.agent.images.registry", NodeImages.registry(),
                "hearth.agent.reconcile.failure-backoff", "2s"));
        properties.putAll(overrides);
        this.settings = TestSettings.with(properties);
        this.docker = new DockerEndpoint(settings);
    }

    public String hostId() {
        return hostId;
    }

    public int registryPort() {
        return registryPort;
    }

    public AgentSettings settings() {
        return settings;
    }

    public DockerEndpoint docker() {
        return docker;
    }

    public DockerClient client() {
        return docker.client();
    }

    /** Names of containers, networks and volumes on this host carrying {@code dev.hearth.cluster=<clusterId>}. */
    /** Runs {@code script} with bash in a running container; its stdout and stderr, once it ends (30 s at most). */
    public String exec(String container, String script) throws InterruptedException {
        String exec = client().execCreateCmd(container).withCmd("bash", "-c", script)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        var output = new ByteArrayOutputStream();
        client().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return output.toString(StandardCharsets.UTF_8);
    }

    public List<String> objectsOf(String clusterId) {
        List<String> filter = List.of(HearthLabels.CLUSTER + "=" + clusterId, HearthLabels.HOST + "=" + hostId);
        List<String> names = new ArrayList<>();
        client().listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()
                .forEach(container -> names.add("container " + String.join(",", container.getNames())));
        client().listNetworksCmd().withFilter("label", filter).exec()
                .forEach(network -> names.add("network " + network.getName()));
        var volumes = client().listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(volume -> names.add("volume " + volume.getName()));
        }
        return names;
    }

    /**
     * Removes everything labelled with this host id: containers, then networks, then volumes — until
     * none has been left for two seconds, since a Docker call cut short by an agent's shutdown may
     * still complete in a busy engine a moment later.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long emptySince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - emptySince < 2_000_000_000L) {
            if (removeAll() > 0) {
                emptySince = System.nanoTime();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // The egress rules of this host's cluster networks (the agent never removes its own chains).
        quietly(() -> new EgressGuard(client(), hostId).remove());
        docker.close();
    }

    /** One removal round; returns how many objects it found. */
    private int removeAll() {
        DockerClient client = client();
        List<String> filter = List.of(HearthLabels.HOST + "=" + hostId);
        var containers = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(HearthLabels.HOST, hostId)).exec();
        containers.forEach(container -> quietly(() -> client.removeContainerCmd(container.getId()).withForce(true).exec()));
        var networks = client.listNetworksCmd().withFilter("label", filter).exec();
        networks.forEach(network -> quietly(() -> client.removeNetworkCmd(network.getId()).exec()));
        var volumes = client.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(volume -> quietly(() -> client.removeVolumeCmd(volume.getName()).exec()));
        }
        return containers.size() + networks.size() + (volumes == null ? 0 : volumes.size());
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (DockerException e) {
            // Still in use by something being removed: the next round takes it.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
