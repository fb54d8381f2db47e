package dev.hearth.backend.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of a cluster's provisioning, as {@code kind create cluster} prints it: a step (or a phase
 * change) with a mark for how it went, how long it took once it is over, and a detail such as the
 * reason it failed.
 *
 * @param took  how long the line's work lasted; null while it runs, or for a line that is just a fact
 * @param detail what the agent said beyond the step's name (a failure's reason, why it waits); may be null
 */
public record ProvisioningLine(String label, State state, Instant startedAt, Duration took, String detail) {

    /** How a line ends up; the page shows a spinner, ✓, ✗ or – for these. */
    public enum State {
        /** Under way: the latest step the agent reported, nothing after it yet. */
        RUNNING,
        /** Finished: a later step began, or the cluster became READY. */
        DONE,
        /** The step the agent reported the failure at. */
        FAILED,
        /** Over without finishing: deletion began or the host was lost while it ran. */
        STOPPED
    }

    ProvisioningLine finish(State end, Instant at, String why) {
        return new ProvisioningLine(label, end, startedAt, at == null ? null : Duration.between(startedAt, at),
                why == null ? detail : why);
    }

    ProvisioningLine withDetail(String more) {
        return new ProvisioningLine(label, state, startedAt, took, more);
    }

    public boolean running() {
        return state == State.RUNNING;
    }
}
