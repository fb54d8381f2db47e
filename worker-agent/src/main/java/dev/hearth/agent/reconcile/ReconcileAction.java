package dev.hearth.agent.reconcile;

import dev.hearth.protocol.DesiredCluster;

/** What one reconcile pass decided to do about one cluster. */
sealed interface ReconcileAction {

    String clusterId();

    /**
     * Run the cluster's provisioning steps (all idempotent): it is desired and not known READY.
     *
     * @param quietly whether to leave the steps unreported and report only the outcome: a running
     *     cluster found by a restarted agent is being confirmed, not provisioned, and its users should
     *     not see it flicker through PROVISIONING
     */
    record Provision(DesiredCluster cluster, boolean quietly) implements ReconcileAction {
        @Override
        public String clusterId() {
            return cluster.id();
        }
    }

    /** Remove the cluster's objects: it exists here (or was tracked) and is no longer desired. */
    record Teardown(String clusterId, long generation) implements ReconcileAction {
    }

    /** Stop its provisioning run: it stopped being desired while being provisioned. */
    record Cancel(String clusterId) implements ReconcileAction {
    }
}
