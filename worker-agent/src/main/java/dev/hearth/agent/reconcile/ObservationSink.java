package dev.hearth.agent.reconcile;

import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;

/**
 * Where the reconciler reports what it observes: implemented by the agent channel, which sends the
 * messages to the backend (and keeps the newest per cluster to re-send after a reconnect).
 * Implementations must not block the caller.
 */
public interface ObservationSink {

    void observed(ClusterObserved observation);

    void credentials(Credentials credentials);
}
