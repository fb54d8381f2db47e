package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
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
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.agent.provision.ClusterAccess.ClusterUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts a cluster's toolbox on first use (docs/portal.md, "Terminal"; docs/security.md, "Terminal"):
 * the toolbox image on the cluster's own network only — so the confinement the agent keeps for that
 * network (network.EgressGuard) holds it too: no route to the host's services, other clusters or the
 * registry's write side — with no capability, a read-only root file system, the image's unprivileged
 * user, and memory, CPU and pids limits. The owner's admin kubeconfig, naming the API server as that
 * network does, is written into its volume before it starts. Labelled with its cluster and role, so
 * deleting the cluster removes it with everything else (provision.ClusterTeardown).
 */
@ApplicationScoped
public class ToolboxContainers implements ToolboxStarter {

    private static final Logger LOG = Logger.getLogger(ToolboxContainers.class);
    static final String CONFIG_DIR = "/etc/hearth-toolbox";
    /** 256 MiB: kubectl and helm of one participant, with room for a second terminal's. */
    static final ResourceLimits LIMITS = new ResourceLimits(256L << 20, 500);

    private final DockerClient docker;
    private final AgentSettings settings;
    private final ClusterAccess clusters;

    public ToolboxContainers(DockerEndpoint docker, AgentSettings settings, ClusterAccess clusters) {
        this.docker = docker.client();
        this.settings = settings;
        this.clusters = clusters;
    }

    /** One start at a time: two terminals opened at once must not create the container twice. */
    @Override
    public synchronized String start(String clusterId) {
        String image = settings.images().toolbox().orElseThrow(() -> new TunnelRefusedException(
                "this host has no toolbox image (hearth.agent.images.toolbox); ask the operator"));
        Map<String, String> labels = HearthLabels.of(clusterId, settings.hostId(), Role.TOOLBOX);
        for (Container old : docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
            if ("running".equals(old.getState())) {
                return old.getId();
            }
            // Stopped (a host restart): made again, with the cluster's current credentials.
            remove(old.getId());
        }
        String kubeconfig;
        try {
            kubeconfig = clusters.kubeconfigOnClusterNetwork(clusterId);
        } catch (ClusterUnavailableException e) {
            throw new TunnelRefusedException("cluster " + clusterId + " is not running on this host");
        }
        String name = ClusterPlanner.containerName(clusterId, "toolbox");
        String volume = ClusterPlanner.volumeName(clusterId, "toolbox");
        docker.createVolumeCmd().withName(volume).withLabels(labels).exec();
        ContainerSpec spec = new ContainerSpec(name, Role.TOOLBOX, image, ClusterPlanner.networkName(clusterId), labels,
                Map.of("HEARTH_CLUSTER", clusterId), List.of(), List.of(new VolumeMount(volume, CONFIG_DIR, false)),
                LIMITS, Hardening.toolbox());
        try {
            ContainerFactory.create(docker, spec, RestartPolicy.noRestart());
            // Root's, 0444: the participant reads it (it is their admin kubeconfig) but cannot swap it.
            ContainerFiles.copyIn(docker, name, CONFIG_DIR, "kubeconfig", kubeconfig, 0444, "the toolbox's kubeconfig");
            docker.startContainerCmd(name).exec();
        } catch (DockerException e) {
            remove(name);
            throw new TunnelRefusedException("the toolbox of cluster " + clusterId + " could not be started: " + e.getMessage());
        }
        LOG.infof("started the toolbox of cluster %s", clusterId);
        return docker.inspectContainerCmd(name).exec().getId();
    }

    private void remove(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }
}
