package dev.hearth.agent.provision;

import java.time.Duration;

/** Hears of each step as it starts and ends, so the reconciler can report it live. */
public interface StepListener {

    StepListener NONE = new StepListener() {};

    default void starting(Step step) {
    }

    default void finished(Step step, Duration took) {
    }
}
