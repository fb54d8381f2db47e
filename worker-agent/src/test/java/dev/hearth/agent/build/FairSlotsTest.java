package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who gets a free build slot: the person with the fewest builds running, the earliest queued among equals. */
class FairSlotsTest {

    /** No worker threads: the test takes builds as the slots would, one decision at a time. */
    private final FairSlots slots = new FairSlots(0, Thread::new);
    private final List<String> ran = new ArrayList<>();

    private void queue(String owner, String build) {
        slots.submit(owner, () -> ran.add(build));
    }

    private String take() throws InterruptedException {
        FairSlots.Queued next = slots.take();
        next.build().run();
        return ran.getLast();
    }

    @Test
    void aPersonWhoQueuedFirstDoesNotTakeEverySlot() throws InterruptedException {
        queue("mallory", "m1");
        queue("mallory", "m2");
        queue("mallory", "m3");
        queue("alice", "a1");

        assertThat(take()).isEqualTo("m1");
        assertThat(take()).as("the second slot: alice has none running, mallory one").isEqualTo("a1");
        assertThat(take()).as("a third slot: only mallory waits").isEqualTo("m2");
    }

    @Test
    void aFreedSlotGoesToWhoeverHasFewestRunningThenToTheEarliest() throws InterruptedException {
        queue("alice", "a1");
        queue("bob", "b1");
        assertThat(take()).isEqualTo("a1");
        assertThat(take()).isEqualTo("b1");
        queue("bob", "b2");
        queue("alice", "a2");
        slots.done("alice");

        assertThat(take()).as("alice has none running now, bob one").isEqualTo("a2");
        slots.done("bob");
        assertThat(take()).isEqualTo("b2");
    }

    @Test
    void theOwnerIsTheImagesNamespace() {
        assertThat(FairSlots.owner("hearth-registry:5000/alice/hello-rust:3")).isEqualTo("alice");
        assertThat(FairSlots.owner("hearth-registry:5000/hello:3")).isEqualTo("hearth-registry:5000/hello:3");
    }
}
