package dev.hearth.agent.endpoint;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.ContainerFactory;
import dev.hearth.agent.docker.ContainerFiles;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Hardening;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.ResourceLimits;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.plan.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * This host's cluster endpoint container (node-image/endpoint), kept level-triggered: {@link #sync()}
 * derives the routes from the running control planes Docker shows with this host's labels, and
 * rewrites and reloads HAProxy only when they changed. The provisioning step calls it before a
 * cluster's kubeconfig is issued, the reconciler after every pass (so a deleted cluster's route goes,
 * and a removed or stopped endpoint comes back). One per agent, held by its
 * {@code provision.ClusterExecutor}.
 */
public class ClusterEndpoint {

    private static final Logger LOG = Logger.getLogger(ClusterEndpoint.class);
    private static final String CONFIG_DIR = "/etc/hearth-endpoint";
    private static final String CONFIG_FILE = "haproxy.cfg";
    /** HAProxy idles at a few MiB; each open connection costs two small buffers. */
    private static final ResourceLimits LIMITS = new ResourceLimits(128L << 20, 500);

    private final DockerClient docker;
    private final AgentSettings settings;
    /** The configuration the running container was last given; null until this agent has given one. */
    private String applied;
    private String appliedTo;

    public ClusterEndpoint(DockerEndpoint docker, AgentSettings settings) {
        this.docker = docker.client();
        this.settings = settings;
    }

    /** Whether this host has an endpoint image; without one, kubeconfigs name the loopback ports. */
    public boolean enabled() {
        return settings.images().endpoint().isPresent();
    }

    /** The endpoint container's name on this host. */
    public String containerName() {
        return settings.endpoint().name();
    }

    /** The one port every cluster of this host is reached on. */
    public int port() {
        return settings.endpoint().port();
    }

    /**
     * The address the proxy binds: the setting, or loopback while the advertise address is loopback
     * (nothing reachable from outside, as before), or every IPv4 address.
     */
    public String listenAddress() {
        return settings.endpoint().listenAddress().orElse(loopback(settings.advertiseAddress()) ? "127.0.0.1" : "0.0.0.0");
    }

    /** Where the agent itself reaches the endpoint: the bound address, or loopback when it binds them all. */
    public String localAddress() {
        String listen = listenAddress();
        return listen.equals("0.0.0.0") ? "127.0.0.1" : listen;
    }

    /** The TLS server name (SNI) of a cluster's API server: its control-plane container's name, already a SAN of its certificate. */
    public static String serverName(String clusterId) {
        return ClusterPlanner.apiServerName(clusterId);
    }

    /**
     * The endpoint runs with exactly the routes of this host's running control planes. Serialised:
     * provisioning threads and the reconciler call it at once.
     */
    public synchronized void sync() {
        if (!enabled()) {
            return;
        }
        String config = EndpointConfig.render(settings.hostId(), listenAddress(), port(), routes());
        ContainerSpec spec = spec();
        InspectContainerResponse existing;
        try {
            existing = docker.inspectContainerCmd(spec.name()).exec();
        } catch (NotFoundException e) {
            create(spec, config);
            return;
        }
        requireOurs(existing);
        if (!spec.image().equals(existing.getConfig().getImage())) {
            LOG.infof("endpoint %s runs image %s, replacing it with %s", spec.name(), existing.getConfig().getImage(), spec.image());
            docker.removeContainerCmd(existing.getId()).withForce(true).exec();
            create(spec, config);
            return;
        }
        boolean running = Boolean.TRUE.equals(existing.getState().getRunning());
        if (running && config.equals(applied) && existing.getId().equals(appliedTo)) {
            return;
        }
        copyIn(spec.name(), config);
        if (running) {
            // HAProxy's master re-reads the file and starts new workers; the old ones keep their
            // connections (a kubectl logs -f in progress) until those end or hard-stop-after.
            docker.killContainerCmd(spec.name()).withSignal("USR2").exec();
        } else {
            start(spec.name());
        }
        applied = config;
        appliedTo = existing.getId();
    }

    /** The routes of this host's running control planes, as Docker shows them by label. */
    List<EndpointRoute> routes() {
        List<Container> planes = docker.listContainersCmd()
                .withLabelFilter(Map.of(HearthLabels.HOST, settings.hostId(), HearthLabels.ROLE, Role.CONTROL_PLANE.label()))
                .exec();
        List<EndpointRoute> routes = new ArrayList<>();
        for (Container plane : planes) {
            String clusterId = plane.getLabels().get(HearthLabels.CLUSTER);
            if (clusterId == null || plane.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : plane.getPorts()) {
                if (Objects.equals(port.getPrivatePort(), ClusterPlanner.API_SERVER_PORT) && port.getPublicPort() != null
                        && "127.0.0.1".equals(port.getIp())) {
                    routes.add(new EndpointRoute(clusterId, serverName(clusterId), port.getPublicPort()));
                }
            }
        }
        return routes;
    }

    private void create(ContainerSpec spec, String config) {
        // Labelled like the container, so removing the host's objects finds it; created again as is.
        docker.createVolumeCmd().withName(volumeName()).withLabels(labels()).exec();
        try {
            ContainerFactory.create(docker, spec, RestartPolicy.unlessStoppedRestart());
        } catch (ConflictException raced) {
            requireOurs(docker.inspectContainerCmd(spec.name()).exec());
        }
        copyIn(spec.name(), config);
        start(spec.name());
        applied = config;
        appliedTo = docker.inspectContainerCmd(spec.name()).exec().getId();
        LOG.infof("endpoint %s started on %s:%d", spec.name(), listenAddress(), port());
    }

    private void start(String name) {
        try {
            docker.startContainerCmd(name).exec();
        } catch (NotModifiedException e) {
            // Already running.
        }
    }

    private ContainerSpec spec() {
        return new ContainerSpec(settings.endpoint().name(), Role.ENDPOINT, settings.images().endpoint().orElseThrow(),
                ContainerFactory.HOST_NETWORK, labels(), Map.of(), List.of(),
                // The configuration in a volume: copied into even when the root file system is read-only.
                List.of(new VolumeMount(volumeName(), CONFIG_DIR, false)), LIMITS, Hardening.endpoint());
    }

    private String volumeName() {
        return settings.endpoint().name() + "-config";
    }

    private Map<String, String> labels() {
        return Map.of(HearthLabels.ROLE, Role.ENDPOINT.label(), HearthLabels.HOST, settings.hostId());
    }

    private void requireOurs(InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig().getLabels();
        boolean ours = labels != null && labels().entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
        if (!ours) {
            throw new IllegalStateException("container " + settings.endpoint().name() + " exists but is not this host's"
                    + " endpoint (labels " + labels + "); agents sharing a Docker engine need their own"
                    + " hearth.agent.endpoint.name and hearth.agent.endpoint.port");
        }
    }

    private void copyIn(String container, String config) {
        // Read by the unprivileged haproxy user; it holds no secret.
        ContainerFiles.copyIn(docker, container, CONFIG_DIR, CONFIG_FILE, config, 0644, "the endpoint configuration");
    }


    private static boolean loopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
    }
}
