package dev.hearth.agent.provision;

import dev.hearth.agent.plan.RegistryLink;
import dev.hearth.agent.registry.HostRegistry;

/**
 * The host's registry is on the cluster's network as {@code hearth-registry}, whatever its container name,
 * and its read-side filter lets that network read the owner's namespace and the shared repositories —
 * written before any of the cluster's containers start, so no pull ever sees another's table.
 */
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
        registry.grant(context.plan().clusterId(), link.namespace());
    }
}
