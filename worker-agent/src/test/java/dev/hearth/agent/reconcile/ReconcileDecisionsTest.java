package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.provision.ActualCluster;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.ObservedPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileDecisionsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final DesiredCluster C1 = new DesiredCluster("c1", "alice", null, 3);

    private static List<ReconcileAction> decide(Map<String, DesiredCluster> desired, Map<String, ActualCluster> actual,
            Map<String, ClusterTrack> tracked, Map<String, TaskKind> running) {
        return ReconcileDecisions.decide(desired, actual, tracked, running, NOW);
    }

    @Test
    void aNewDesiredClusterIsProvisioned() {
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of(), Map.of()))
                .containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aRunningClusterFoundAfterARestartIsConfirmedQuietly() {
        // No memory of it (new agent), but Docker has it running: the idempotent steps re-verify it
        // without reporting each step, so its users do not see it go back to PROVISIONING.
        assertThat(decide(Map.of("c1", C1), Map.of("c1", new ActualCluster("c1", true)), Map.of(), Map.of()))
                .containsExactly(new ReconcileAction.Provision(C1, true));
        assertThat(decide(Map.of("c1", C1), Map.of("c1", new ActualCluster("c1", false)), Map.of(), Map.of()))
                .as("a stopped one is provisioned for all to see").containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aReadyClusterWithARunningControlPlaneIsLeftAlone() {
        assertThat(decide(Map.of("c1", C1), Map.of("c1", new ActualCluster("c1", true)),
                Map.of("c1", ClusterTrack.ready(3)), Map.of())).isEmpty();
    }

    @Test
    void aReadyClusterWhoseControlPlaneStoppedIsProvisionedAgain() {
        assertThat(decide(Map.of("c1", C1), Map.of("c1", new ActualCluster("c1", false)),
                Map.of("c1", ClusterTrack.ready(3)), Map.of())).containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aReadyClusterOfAnOlderGenerationIsProvisionedAgain() {
        assertThat(decide(Map.of("c1", C1), Map.of("c1", new ActualCluster("c1", true)),
                Map.of("c1", ClusterTrack.ready(2)), Map.of())).containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aFailedClusterWaitsForItsBackOffThenIsRetried() {
        var failed = new ClusterTrack(ObservedPhase.FAILED, 3, 2, NOW.plusSeconds(20));
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of("c1", failed), Map.of())).isEmpty();

        var due = new ClusterTrack(ObservedPhase.FAILED, 3, 2, NOW.minusSeconds(1));
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of("c1", due), Map.of()))
                .containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aNewGenerationEndsTheBackOffAtOnce() {
        var failed = new ClusterTrack(ObservedPhase.FAILED, 2, 5, NOW.plusSeconds(300));
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of("c1", failed), Map.of()))
                .containsExactly(new ReconcileAction.Provision(C1, false));
    }

    @Test
    void aClusterWithATaskUnderWayIsLeftToIt() {
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of(), Map.of("c1", TaskKind.PROVISION))).isEmpty();
        assertThat(decide(Map.of("c1", C1), Map.of(), Map.of(), Map.of("c1", TaskKind.TEARDOWN))).isEmpty();
    }

    @Test
    void aClusterInDockerButNotDesiredIsTornDownWithItsLastGeneration() {
        assertThat(decide(Map.of(), Map.of("c9", new ActualCluster("c9", true)), Map.of("c9", ClusterTrack.ready(4)), Map.of()))
                .containsExactly(new ReconcileAction.Teardown("c9", 4));
        assertThat(decide(Map.of(), Map.of("c9", new ActualCluster("c9", false)), Map.of(), Map.of()))
                .as("found after a restart: no generation known").containsExactly(new ReconcileAction.Teardown("c9", 0));
    }

    @Test
    void aTrackedClusterWithNothingInDockerIsStillReportedDeleted() {
        var failed = new ClusterTrack(ObservedPhase.FAILED, 3, 1, NOW.plusSeconds(60));
        assertThat(decide(Map.of(), Map.of(), Map.of("c1", failed), Map.of()))
                .containsExactly(new ReconcileAction.Teardown("c1", 3));
    }

    @Test
    void aProvisioningNoLongerDesiredIsCancelledThenTornDownOnceItStopped() {
        assertThat(decide(Map.of(), Map.of("c1", new ActualCluster("c1", true)), Map.of(), Map.of("c1", TaskKind.PROVISION)))
                .containsExactly(new ReconcileAction.Cancel("c1"));
        assertThat(decide(Map.of(), Map.of("c1", new ActualCluster("c1", true)), Map.of(), Map.of("c1", TaskKind.TEARDOWN)))
                .isEmpty();
    }

    @Test
    void aFailedTeardownWaitsForItsBackOff() {
        var deleting = new ClusterTrack(ObservedPhase.DELETING, 3, 1, NOW.plusSeconds(10));
        assertThat(decide(Map.of(), Map.of("c1", new ActualCluster("c1", false)), Map.of("c1", deleting), Map.of())).isEmpty();
    }
}
