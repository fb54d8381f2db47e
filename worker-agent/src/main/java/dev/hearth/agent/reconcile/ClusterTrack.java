package dev.hearth.agent.reconcile;

import dev.hearth.protocol.ObservedPhase;
import java.time.Instant;

/**
 * What the reconciler last concluded about one cluster: the phase it reported, for which desired
 * generation, and — after a failure — when it may try again.
 *
 * @param phase the phase last reported
 * @param generation the desired generation that report was for
 * @param failures failures in a row, for the back-off
 * @param retryAt no new attempt before this instant; {@code null} when nothing failed
 */
record ClusterTrack(ObservedPhase phase, long generation, int failures, Instant retryAt) {

    static ClusterTrack ready(long generation) {
        return new ClusterTrack(ObservedPhase.READY, generation, 0, null);
    }

    /** Whether a retry must still wait at {@code now}. */
    boolean backingOff(Instant now) {
        return retryAt != null && now.isBefore(retryAt);
    }
}
