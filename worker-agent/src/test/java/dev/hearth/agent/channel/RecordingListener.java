package dev.hearth.agent.channel;

import dev.hearth.agent.reconcile.DesiredStateListener;
import dev.hearth.protocol.DesiredClusters;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the reconciler in the channel test only (enabled by its profile), so the desired set
 * the test server sends never reaches Docker.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingListener implements DesiredStateListener {

    private final List<DesiredClusters> received = new CopyOnWriteArrayList<>();

    @Override
    public void desired(DesiredClusters desired) {
        received.add(desired);
    }

    /** Through a method, not the field: the test holds a client proxy, whose fields are not the bean's. */
    List<DesiredClusters> received() {
        return received;
    }
}
