package dev.hearth.agent.provision;

import dev.hearth.agent.plan.RegistryLink;
import dev.hearth.agent.registry.HostRegistry;

/** The host's registry is on the cluster's network as {@code hearth-registry}, whatever its container name. */
final class ConnectRegistry implements Step {

    private final HostRegistry registry;

    ConnectRegistry(HostRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String title() {
        return "Connecting local registry";
    }

    @Override
    public String action() {
        return "connect the local registry";
    }

    @Override
    public void run(ProvisionContext context) {
        RegistryLink link = context.plan().registry().orElseThrow();
        registry.connect(context.plan().network().name(), link.networkAlias());
    }
}
