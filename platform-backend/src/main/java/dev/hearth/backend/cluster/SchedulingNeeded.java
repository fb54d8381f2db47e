package dev.hearth.backend.cluster;

/**
 * Fired (as a CDI event, inside the transaction) when a change may let a waiting cluster be placed:
 * a new request, or capacity freed by a deletion or a lost host. The scheduler observes it after the
 * transaction commits.
 *
 * @param why what happened, for the scheduler's debug log
 */
public record SchedulingNeeded(String why) {
}
