package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.plan.Role;
import java.time.Duration;

/**
 * etcd answers inside the control-plane container: its supervisor logs "etcd started" once etcd's
 * client port accepts connections (node-image/control-plane/hearth-control-plane).
 */
final class WaitForEtcd implements Step {

    static final String STARTED = "hearth-control-plane: etcd started";

    private final DockerClient docker;
    private final Duration timeout;

    WaitForEtcd(DockerClient docker, Duration timeout) {
        this.docker = docker;
        this.timeout = timeout;
    }

    @Override
    public String title() {
        return "Starting etcd";
    }

    @Override
    public String action() {
        return "start etcd";
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        String container = context.plan().container(Role.CONTROL_PLANE).orElseThrow().name();
        // Only this start's lines count: a restarted container's log still holds the previous start's.
        int since = (int) ContainerState.startedAt(docker, container).getEpochSecond();
        Waits.until("etcd to start in " + container, timeout, () -> {
            if (!ContainerState.running(docker, container)) {
                throw new IllegalStateException("container " + container + " stopped before etcd started");
            }
            return ContainerLogs.since(docker, container, since).stream().anyMatch(line -> line.contains(STARTED));
        });
    }
}
