package dev.hearth.agent.registry;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.ContainerFactory;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Hardening;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.PortBinding;
import dev.hearth.agent.plan.ResourceLimits;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.plan.VolumeMount;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This host's registry container. Belongs to no cluster — it carries the registry role and the host
 * label only — so deleting a cluster never removes it, only disconnects it from that cluster's network.
 * What each cluster network may read of it is the filter's access table ({@link RegistryAccess}).
 */
@ApplicationScoped
public class HostRegistry {

    /**
     * The read-write Distribution process inside the container (node-image/registry/hearth-registry):
     * what the host's published port forwards to. Cluster networks reach only the read-only one on 5000.
     */
    static final int WRITE_PORT = 5001;
    /** The network the registry is created on, which no cluster container joins: its write address lies in it. */
    private static final String HOST_SIDE_NETWORK = "bridge";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final AgentSettings settings;
    private final RegistryAccess access;

    public HostRegistry(DockerEndpoint docker, AgentSettings settings) {
        this.docker = docker.client();
        this.settings = settings;
        this.access = new RegistryAccess(this.docker, settings.hostId(), settings.registry().name());
    }

    /** The registry container's name on this host. */
    public String containerName() {
        return settings.registry().name();
    }

    /** The labels that mark the registry as this host's. */
    public Map<String, String> labels() {
        return Map.of(HearthLabels.ROLE, Role.REGISTRY.label(), HearthLabels.HOST, settings.hostId());
    }

    /**
     * The registry runs and answers on {@code 127.0.0.1:<port>}; safe to call from many threads at once.
     * Serialised: while one thread's create is under way, Docker already refuses the name (409) but
     * does not yet find the container (404), so a second cluster starting at the same moment — a
     * classroom's warm pool starts several — failed its step instead of waiting for the first.
     */
    public synchronized void ensureRunning() throws InterruptedException {
        ContainerSpec spec = spec();
        try {
            InspectContainerResponse existing = docker.inspectContainerCmd(spec.name()).exec();
            requireOurs(existing);
            if (!spec.image().equals(existing.getConfig().getImage()) || !ContainerFactory.hardened(existing.getHostConfig())) {
                replace(existing, spec);
            }
        } catch (NotFoundException e) {
            docker.createVolumeCmd().withName(volumeName()).withLabels(labels()).exec();
            docker.createVolumeCmd().withName(accessVolumeName()).withLabels(labels()).exec();
            try {
                ContainerFactory.create(docker, spec, RestartPolicy.unlessStoppedRestart());
            } catch (ConflictException raced) {
                // Another cluster's provisioning created it a moment ago.
                requireOurs(docker.inspectContainerCmd(spec.name()).exec());
            }
        }
        try {
            docker.startContainerCmd(spec.name()).exec();
        } catch (NotModifiedException e) {
            // Already running.
        }
        awaitAnswering();
        // A replaced container was reconnected with new addresses: the filter must know them.
        access.sync();
    }

    /**
     * Which registry namespace each desired cluster's owner has (cluster id → namespace, null for none), so
     * each cluster network reads only its owner's repositories and the shared ones (docs/security.md);
     * the table is written by {@link #syncAccess}.
     */
    public void readers(Map<String, String> namespaceByCluster) {
        access.namespaces(namespaceByCluster);
    }

    /**
     * The registry's read-side filter lets {@code clusterId}'s network read {@code namespace}, the one of its
     * provisioning plan (null: the shared repositories only, unless a newer desired set named one), from now
     * on: the table is written before this returns.
     */
    public void grant(String clusterId, String namespace) {
        access.planned(clusterId, namespace);
        access.sync();
    }

    /** The filter's table matches Docker's networks and the known namespaces again (every reconcile pass). */
    public void syncAccess() {
        access.sync();
    }

    /** The registry is on {@code network} under {@code alias}. */
    public void connect(String network, String alias) {
        if (connectedTo(network)) {
            return;
        }
        try {
            connect(network, List.of(alias));
        } catch (DockerException e) {
            // Docker refuses a second endpoint on the same network; if that is what happened, we are done.
            if (!connectedTo(network)) {
                throw e;
            }
        }
    }

    /** Whether the registry container is attached to {@code network}. */
    public boolean connectedTo(String network) {
        var networks = docker.inspectContainerCmd(containerName()).exec().getNetworkSettings().getNetworks();
        return networks != null && networks.containsKey(network);
    }

    /**
     * A registry made from another image (an upgrade: the read-only split came with one) or without the
     * hardening ({@link ContainerFactory#hardened}) is replaced by one from the configured image, on the same volume and the same cluster networks, so a host
     * never keeps a registry that clusters could push into.
     */
    private void replace(InspectContainerResponse existing, ContainerSpec spec) {
        Map<String, ContainerNetwork> networks = existing.getNetworkSettings().getNetworks();
        docker.removeContainerCmd(existing.getId()).withForce(true).exec();
        // An older registry had no access table; its volume comes with this one.
        docker.createVolumeCmd().withName(accessVolumeName()).withLabels(labels()).exec();
        ContainerFactory.create(docker, spec, RestartPolicy.unlessStoppedRestart());
        if (networks == null) {
            return;
        }
        networks.forEach((network, endpoint) -> {
            if (!network.equals(HOST_SIDE_NETWORK)) {
                List<String> aliases = endpoint.getAliases() == null ? List.of() : endpoint.getAliases().stream()
                        .filter(alias -> !existing.getId().startsWith(alias)).toList();
                connect(network, aliases);
            }
        });
    }

    private void connect(String network, List<String> aliases) {
        docker.connectToNetworkCmd().withContainerId(containerName()).withNetworkId(network)
                .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
    }

    private ContainerSpec spec() {
        // The write process binds to the container's address in this network's subnet (not to every
        // interface), so cluster networks, attached later, cannot reach it.
        Map<String, String> env = hostSideSubnet().map(subnet -> Map.of("HEARTH_REGISTRY_WRITE_SUBNET", subnet))
                .orElse(Map.of());
        return new ContainerSpec(containerName(), Role.REGISTRY, settings.images().registry(), HOST_SIDE_NETWORK, labels(),
                env, List.of(new PortBinding(WRITE_PORT, "127.0.0.1", settings.registry().port())),
                List.of(new VolumeMount(volumeName(), "/var/lib/docker-registry", false),
                        // The filter's access table: a volume, so the agent can copy into it under a read-only root.
                        new VolumeMount(accessVolumeName(), RegistryAccess.DIRECTORY, false)),
                // Distribution idles at a few tens of MiB; pushes of large layers stream through.
                new ResourceLimits(256L << 20, 500),
                Hardening.registry());
    }

    private Optional<String> hostSideSubnet() {
        var ipam = docker.inspectNetworkCmd().withNetworkId(HOST_SIDE_NETWORK).exec().getIpam();
        if (ipam == null || ipam.getConfig() == null) {
            return Optional.empty();
        }
        return ipam.getConfig().stream().map(config -> config.getSubnet())
                .filter(subnet -> subnet != null && subnet.contains(".")).findFirst();
    }

    private String volumeName() {
        return containerName() + "-data";
    }

    private String accessVolumeName() {
        return containerName() + "-access";
    }

    private void requireOurs(InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig().getLabels();
        boolean ours = labels != null && labels().entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        if (!ours) {
            throw new IllegalStateException("container " + containerName() + " exists but is not this host's registry"
                    + " (labels " + labels + "); agents sharing a Docker engine need their own hearth.agent.registry.name");
        }
    }

    private void awaitAnswering() throws InterruptedException {
        URI base = URI.create("http://127.0.0.1:" + settings.registry().port() + "/v2/");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                try {
                    var request = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(2)).build();
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + START_TIMEOUT.toSeconds()
                            + " s waiting for the registry to answer at " + base);
                }
                Thread.sleep(100);
            }
        }
    }
}
