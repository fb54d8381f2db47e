package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.protocol.TunnelTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The container an {@link TunnelTarget.Exec} tunnel runs its process in — the trust boundary on the
 * agent's side (docs/security.md, "Terminal"): only the toolbox role, and only the one labelled with
 * the tunnel's cluster and this host, so a backend (or anyone speaking for it) can never exec into a
 * control plane, a WASI node, the registry or another host's cluster. A {@link ToolboxStarter}, when
 * one is deployed, starts a cluster's toolbox on first use.
 */
@ApplicationScoped
public class ExecContainers {

    private final DockerClient docker;
    private final String hostId;
    /** Null when no starter is deployed: only a running toolbox can be opened. */
    private final ToolboxStarter starter;

    @Inject
    public ExecContainers(DockerEndpoint docker, AgentSettings settings, Instance<ToolboxStarter> starter) {
        this(docker, settings, starter.isResolvable() ? starter.get() : null);
    }

    ExecContainers(DockerEndpoint docker, AgentSettings settings, ToolboxStarter starter) {
        this.docker = docker.client();
        this.hostId = settings.hostId();
        this.starter = starter;
    }

    /**
     * @return the running container's id
     * @throws TunnelRefusedException for another role, or a cluster this host does not hold
     */
    public String find(String clusterId, String role) {
        if (!TunnelTarget.Exec.TOOLBOX.equals(role)) {
            throw new TunnelRefusedException("refused: only the toolbox can be opened, not '" + role + "'");
        }
        String running = running(clusterId);
        if (running != null) {
            return running;
        }
        if (starter != null) {
            return starter.start(clusterId);
        }
        throw new TunnelRefusedException("cluster " + clusterId + " has no toolbox on this host");
    }

    /** Whether the container still runs (not: its cluster is being deleted, which removes it). */
    boolean stillRunning(String containerId) {
        return ContainerState.running(docker, containerId);
    }

    private String running(String clusterId) {
        List<Container> found = docker.listContainersCmd()
                .withLabelFilter(HearthLabels.of(clusterId, hostId, Role.TOOLBOX)).exec();
        return found.stream().filter(c -> "running".equals(c.getState())).map(Container::getId).findFirst().orElse(null);
    }
}
