package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.hearth.agent.docker.ContainerFactory;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Role;
import java.util.Map;
import java.util.Optional;

/**
 * The control-plane container runs: created with the plan's labels, limits, port and volume, given its
 * PKI and kubeconfigs before its first start — or, when it exists already, just started again.
 */
public final class StartControlPlane implements Step {

    private final DockerClient docker;

    StartControlPlane(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String title() {
        return "Starting control-plane container";
    }

    @Override
    public String action() {
        return "start the control-plane container";
    }

    @Override
    public void run(ProvisionContext context) {
        ContainerSpec spec = context.plan().container(Role.CONTROL_PLANE).orElseThrow();
        Optional<Map<String, byte[]>> files = context.freshFiles();
        if (files.isPresent()) {
            try {
                // No restart policy: a stopped control plane is the reconciler's to notice and start.
                ContainerFactory.create(docker, spec, RestartPolicy.noRestart());
            } catch (ConflictException e) {
                // Our certificates were made for a container that did not exist; one that does now
                // holds another CA, and mixing the two would hand out kubeconfigs that never work.
                throw new IllegalStateException("container " + spec.name() + " appeared while its certificates were made", e);
            }
            ControlPlaneArchive.copyIn(docker, spec.name(), files.get());
        }
        try {
            docker.startContainerCmd(spec.name()).exec();
        } catch (NotModifiedException e) {
            // Already running.
        }
        context.apiPort(ContainerState.publishedPort(docker, spec.name(), spec.ports().getFirst().containerPort()));
    }
}
