package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;

/**
 * The WASI node's steps, until the wasm-node issue brings them: the planner leaves them out while no
 * WASI node image is configured, so this runs only when one is — and then says plainly that this
 * agent cannot start it yet.
 */
final class WasiNodeNotAvailable implements Step {

    private final ProvisionStep step;

    WasiNodeNotAvailable(ProvisionStep step) {
        this.step = step;
    }

    @Override
    public ProvisionStep name() {
        return step;
    }

    @Override
    public void run(ProvisionContext context) {
        throw new UnsupportedOperationException("this agent cannot run WASI nodes yet; unset hearth.agent.images.wasi-node");
    }
}
