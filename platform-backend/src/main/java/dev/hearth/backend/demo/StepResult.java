package dev.hearth.backend.demo;

/** One step's evaluated state and the sentence that explains it. */
public record StepResult(DemoStep step, StepState state, String detail) {

    public boolean done() {
        return state == StepState.DONE;
    }
}
