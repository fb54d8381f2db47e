package dev.hearth.agent.provision;

/**
 * One provisioning step, the one place it is written: its class carries its title, its action and
 * what it does, and {@link ProvisionSteps} is the plan, the list of them in order. Every step is
 * idempotent: run again after a {@code kill -9} at any point, it finds what an earlier run made and
 * carries on, so a restarted agent simply runs the list again.
 */
public interface Step {

    /** The step as the cluster page shows it while it runs ("Starting API server"). */
    String title();

    /** The step as an error names it: "failed to <action> for cluster c42: …" (docs/architecture.md, "Conventions"). */
    String action();

    void run(ProvisionContext context) throws InterruptedException;
}
