package dev.hearth.agent.reconcile;

import dev.hearth.protocol.DesiredClusters;

/**
 * Receives the full desired set of clusters for this host, each time the backend sends it (on
 * connect and on every change). Level-triggered (docs/architecture.md): the newest set replaces the previous
 * one entirely; the receiver converges Docker to it and must return at once, doing the work elsewhere.
 */
public interface DesiredStateListener {

    void desired(DesiredClusters desired);
}
