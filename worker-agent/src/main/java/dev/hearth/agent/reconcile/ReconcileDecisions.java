package dev.hearth.agent.reconcile;

import dev.hearth.agent.provision.ActualCluster;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.ObservedPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One level-triggered comparison of the desired clusters with Docker's and with what the reconciler
 * knows (docs/architecture.md) — pure, so every rule is tested without Docker. One task per cluster at a time:
 * a cluster with a task under way is left to it, except that a provisioning no longer wanted is
 * cancelled.
 */
final class ReconcileDecisions {

    private ReconcileDecisions() {
    }

    static List<ReconcileAction> decide(Map<String, DesiredCluster> desired, Map<String, ActualCluster> actual,
            Map<String, ClusterTrack> tracked, Map<String, TaskKind> running, Instant now) {
        List<ReconcileAction> actions = new ArrayList<>();
        for (DesiredCluster cluster : desired.values()) {
            ActualCluster found = actual.get(cluster.id());
            ClusterTrack track = tracked.get(cluster.id());
            if (!running.containsKey(cluster.id()) && needsProvisioning(cluster, found, track, now)) {
                boolean confirming = track == null && found != null && found.controlPlaneRunning();
                actions.add(new ReconcileAction.Provision(cluster, confirming));
            }
        }
        TreeSet<String> known = new TreeSet<>(actual.keySet());
        known.addAll(tracked.keySet());
        known.removeAll(desired.keySet());
        for (String id : known) {
            TaskKind task = running.get(id);
            ClusterTrack track = tracked.get(id);
            if (task == TaskKind.PROVISION) {
                actions.add(new ReconcileAction.Cancel(id));
            } else if (task == null && !(track != null && track.phase() == ObservedPhase.DELETING && track.backingOff(now))) {
                actions.add(new ReconcileAction.Teardown(id, track == null ? 0 : track.generation()));
            }
        }
        return actions;
    }

    private static boolean needsProvisioning(DesiredCluster cluster, ActualCluster actual, ClusterTrack track, Instant now) {
        if (track == null || track.generation() != cluster.generation()) {
            // Never seen, or changed since: the steps are idempotent, so running them converges or confirms.
            return true;
        }
        if (track.phase() == ObservedPhase.READY) {
            // READY stays READY only while its control plane runs; a stopped one is started again.
            return actual == null || !actual.controlPlaneRunning();
        }
        return !track.backingOff(now);
    }
}
