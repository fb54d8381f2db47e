package dev.hearth.system;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local Docker engine seen through Hearth's labels (docs/architecture.md, "Names and labels"): what a cluster or a host owns,
 * and the removal of everything a test host made. Never by name patterns (docs/architecture.md, "Conventions").
 */
final class DockerObjects implements AutoCloseable {

    static final String CLUSTER = "dev.hearth.cluster";
    static final String HOST = "dev.hearth.host";
    static final String ROLE = "dev.hearth.role";

    private final DockerClient client;

    DockerObjects() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///var/run/docker.sock").build();
        this.client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60))
                .build());
    }

    /** Containers, networks and volumes labelled with the cluster, as "kind name" lines. */
    List<String> objectsOfCluster(String clusterId) {
        return objects(Map.of(CLUSTER, clusterId));
    }

    /** Containers labelled with the cluster (running or not). */
    List<Container> containersOfCluster(String clusterId) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(CLUSTER, clusterId)).exec();
    }

    /** The gateway address of the cluster's own network: the host itself, as the cluster sees it. */
    String gatewayOfCluster(String clusterId) {
        return client.listNetworksCmd().withFilter("label", List.of(CLUSTER + "=" + clusterId)).exec().stream()
                .flatMap(network -> network.getIpam().getConfig().stream())
                .map(config -> config.getGateway()).filter(gateway -> gateway != null && gateway.contains("."))
                .findFirst().orElseThrow(() -> new AssertionError("cluster " + clusterId + " has no network with an IPv4 gateway"));
    }

    /** The address of the cluster's API server on the cluster's own network. */
    String apiServerAddress(String clusterId) {
        Container apiServer = client.listContainersCmd().withLabelFilter(Map.of(CLUSTER, clusterId, ROLE, "control-plane")).exec()
                .stream().findFirst().orElseThrow(() -> new AssertionError("cluster " + clusterId + " has no control-plane container"));
        return apiServer.getNetworkSettings().getNetworks().values().stream().map(n -> n.getIpAddress())
                .filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElseThrow();
    }

    /** Removes everything labelled with the host: containers, then networks, then volumes. */
    void removeHost(String hostId) {
        Map<String, String> label = Map.of(HOST, hostId);
        List<String> filter = List.of(HOST + "=" + hostId);
        client.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(c -> quietly(() -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec()));
        client.listNetworksCmd().withFilter("label", filter).exec()
                .forEach(n -> quietly(() -> client.removeNetworkCmd(n.getId()).exec()));
        var volumes = client.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> quietly(() -> client.removeVolumeCmd(v.getName()).exec()));
        }
    }

    /**
     * Removes everything of the host until nothing has reappeared for {@code quiet}: a create that a
     * stopped agent started can still complete in a busy engine after the agent is gone.
     */
    void removeHostUntilQuiet(String hostId, Duration quiet, Duration timeout) {
        Instant[] lastSeen = {Instant.now()};
        Waits.until("no Docker object labelled " + HOST + "=" + hostId + " for " + quiet.toSeconds() + " s", timeout, () -> {
            if (!objectsOfHost(hostId).isEmpty()) {
                removeHost(hostId);
                lastSeen[0] = Instant.now();
            }
            return Duration.between(lastSeen[0], Instant.now());
        }, sinceLast -> sinceLast.compareTo(quiet) >= 0);
    }

    /** What is still labelled with the host, after {@link #removeHost}. */
    List<String> objectsOfHost(String hostId) {
        return objects(Map.of(HOST, hostId));
    }

    private List<String> objects(Map<String, String> label) {
        List<String> filter = label.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        List<String> found = new ArrayList<>();
        client.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(c -> found.add("container " + String.join(",", c.getNames())));
        client.listNetworksCmd().withFilter("label", filter).exec().forEach(n -> found.add("network " + n.getName()));
        var volumes = client.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> found.add("volume " + v.getName()));
        }
        return found;
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Gone already: what removal wanted.
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
