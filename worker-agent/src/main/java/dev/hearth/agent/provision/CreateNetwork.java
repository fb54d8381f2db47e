package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.network.EgressGuard;
import java.util.Optional;
import com.github.dockerjava.api.exception.ConflictException;
import dev.hearth.agent.plan.NetworkSpec;

/**
 * The cluster's own bridge network exists, labelled as this cluster's, and confined ({@link EgressGuard})
 * before any container joins it: a network the rules cannot be put on fails the step.
 */
final class CreateNetwork implements Step {

    private final DockerClient docker;
    private final Optional<EgressGuard> guard;

    /** @param guard empty when {@code hearth.agent.network.confine} is off */
    CreateNetwork(DockerClient docker, Optional<EgressGuard> guard) {
        this.docker = docker;
        this.guard = guard;
    }

    @Override
    public String title() {
        return "Creating cluster network";
    }

    @Override
    public String action() {
        return "create the cluster network";
    }

    @Override
    public void run(ProvisionContext context) {
        NetworkSpec network = context.plan().network();
        try {
            // CheckDuplicate: without it Docker happily makes a second network of the same name.
            docker.createNetworkCmd().withName(network.name()).withDriver("bridge").withLabels(network.labels())
                    .withCheckDuplicate(true).exec();
        } catch (ConflictException e) {
            var existing = docker.inspectNetworkCmd().withNetworkId(network.name()).exec();
            Ownership.require("network", network.name(), existing.getLabels(), network.labels());
        }
        guard.ifPresent(EgressGuard::ensure);
    }
}
