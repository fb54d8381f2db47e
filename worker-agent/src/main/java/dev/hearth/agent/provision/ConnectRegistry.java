package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;
import dev.hearth.agent.plan.RegistryLink;
import dev.hearth.agent.registry.HostRegistry;

/** The host's registry is on the cluster's network as {@code hearth-registry}, whatever its container name. */
final class ConnectRegistry implements Step {

    private final HostRegistry registry;

    ConnectRegistry(HostRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ProvisionStep name() {
        return ProvisionStep.CONNECT_REGISTRY;
    }

    @Override
    public void run(ProvisionContext context) {
        RegistryLink link = context.plan().registry().orElseThrow();
        registry.connect(context.plan().network().name(), link.networkAlias());
    }
}
