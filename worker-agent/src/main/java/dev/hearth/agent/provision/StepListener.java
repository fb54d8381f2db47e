package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;
import java.time.Duration;

/** Hears of each step as it starts and ends, so the reconciler can report it live. */
public interface StepListener {

    StepListener NONE = new StepListener() {};

    default void starting(ProvisionStep step) {
    }

    default void finished(ProvisionStep step, Duration took) {
    }
}
