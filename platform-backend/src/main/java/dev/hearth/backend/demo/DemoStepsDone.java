package dev.hearth.backend.demo;

import java.util.UUID;

/**
 * How many guided-demo steps a participant has DONE, fired (synchronously, in the transaction that
 * stored the steps) each time their demo is read. A classroom puts it on the participant's seat for
 * the board; the demo does not know classrooms, so packages import one way.
 */
public record DemoStepsDone(UUID participantId, int steps) {
}
