package dev.hearth.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.ObservedPhase;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingReportsTest {

    private static ClusterObserved observed(String id, ObservedPhase phase, String step) {
        return new ClusterObserved(id, 2, phase, step, null, null);
    }

    @Test
    void replaysCredentialsFirstThenTheNewestObservationOfEachCluster() {
        PendingReports pending = new PendingReports();
        pending.observed(observed("c-a", ObservedPhase.PROVISIONING, "Starting etcd"));
        pending.observed(observed("c-b", ObservedPhase.PROVISIONING, "Generating certificates"));
        pending.observed(observed("c-a", ObservedPhase.READY, null));
        Credentials kubeconfig = new Credentials("c-a", "apiVersion: v1\n");
        pending.credentials(kubeconfig);

        assertThat(pending.replay()).containsExactly(kubeconfig, observed("c-a", ObservedPhase.READY, null),
                observed("c-b", ObservedPhase.PROVISIONING, "Generating certificates"));
    }

    @Test
    void forgetsAClusterOnlyOnceItIsDeletedAndNoLongerDesired() {
        PendingReports pending = new PendingReports();
        pending.observed(observed("c-gone", ObservedPhase.DELETED, null));
        pending.credentials(new Credentials("c-gone", "x"));
        pending.observed(observed("c-leaving", ObservedPhase.DELETING, null));
        pending.observed(observed("c-back", ObservedPhase.DELETED, null));

        pending.retain(List.of("c-back"));

        assertThat(pending.replay()).containsExactly(observed("c-leaving", ObservedPhase.DELETING, null),
                observed("c-back", ObservedPhase.DELETED, null));
    }
}
