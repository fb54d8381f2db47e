package dev.hearth.agent.build;

/** A build that ran and failed; its message is the FAILED result's one line. */
final class BuildFailedException extends Exception {

    BuildFailedException(String message) {
        super(message);
    }
}
