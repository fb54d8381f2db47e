package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;

/**
 * One provisioning step. Every step is idempotent: run again after a {@code kill -9} at any point, it
 * finds what an earlier run made and carries on, so a restarted agent simply runs the list again.
 */
interface Step {

    /** Which step of the plan this performs. */
    ProvisionStep name();

    void run(ProvisionContext context) throws InterruptedException;
}
