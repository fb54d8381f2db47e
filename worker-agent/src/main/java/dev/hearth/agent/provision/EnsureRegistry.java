package dev.hearth.agent.provision;

import dev.hearth.agent.registry.HostRegistry;

/** The host's shared registry runs (it is started once, by whichever cluster needs it first). */
final class EnsureRegistry implements Step {

    private final HostRegistry registry;

    EnsureRegistry(HostRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String title() {
        return "Starting local registry";
    }

    @Override
    public String action() {
        return "start the local registry";
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        registry.ensureRunning();
    }
}
