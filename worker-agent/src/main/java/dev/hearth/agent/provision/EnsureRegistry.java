package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;
import dev.hearth.agent.registry.HostRegistry;

/** The host's shared registry runs (it is started once, by whichever cluster needs it first). */
final class EnsureRegistry implements Step {

    private final HostRegistry registry;

    EnsureRegistry(HostRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ProvisionStep name() {
        return ProvisionStep.ENSURE_REGISTRY;
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        registry.ensureRunning();
    }
}
