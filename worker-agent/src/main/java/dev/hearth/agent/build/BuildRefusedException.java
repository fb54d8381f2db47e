package dev.hearth.agent.build;

/** A request the agent will not build; its message is the FAILED result's, for the participant. */
public final class BuildRefusedException extends Exception {

    public BuildRefusedException(String message) {
        super(message);
    }
}
