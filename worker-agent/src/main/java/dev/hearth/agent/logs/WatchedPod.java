package dev.hearth.agent.logs;

import dev.hearth.agent.provision.ClusterAccess.ClusterUnavailableException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * One pod as its API server last told, kept current by a watch (a fabric8 informer on that pod alone)
 * instead of reading it again and again: a follower waits on it for its container to start or for the
 * run's end to show, and wakes on the change itself. The informer re-lists and re-watches by itself
 * after a dropped connection; when its cluster is deleted or stopped it gives up, and waiting fails
 * with {@link ClusterUnavailableException}.
 */
final class WatchedPod implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WatchedPod.class);

    private final String name;
    private final SharedIndexInformer<Pod> informer;
    private volatile boolean clusterGone;
    private volatile boolean closed;
    /** Not a monitor: a follower waits on a virtual thread, which Object.wait would pin to its carrier on Java 21. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition change = lock.newCondition();

    /**
     * Starts watching {@code namespace/pod}.
     *
     * @param clusterRunning asked when the watch fails: whether to keep trying (the API server may only be slow)
     */
    WatchedPod(KubernetesClient kubernetes, String namespace, String pod, BooleanSupplier clusterRunning) {
        this.name = namespace + "/" + pod;
        this.informer = kubernetes.pods().inNamespace(namespace).withName(pod).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<Pod>() {
            @Override
            public void onNothing() {
                changed();
            }

            @Override
            public void onAdd(Pod added) {
                changed();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                changed();
            }

            @Override
            public void onDelete(Pod deleted, boolean finalStateUnknown) {
                changed();
            }
        });
        informer.exceptionHandler((started, error) -> {
            if (closed) {
                return false; // a re-watch that raced with close(): its client is closed too
            }
            boolean retry = clusterRunning.getAsBoolean();
            LOG.debugf("watching pod %s failed (%s): %s", name, retry ? "trying again" : "its cluster is gone", error.getMessage());
            if (!retry) {
                clusterGone = true;
                changed();
            }
            return retry;
        });
        informer.start();
    }

    /**
     * The pod now: empty when it does not exist, null while the API server has not answered yet.
     *
     * @throws ClusterUnavailableException when the cluster is deleted or stopped
     */
    Optional<Pod> current() {
        if (clusterGone) {
            throw new ClusterUnavailableException("cluster of pod " + name + " is deleted or stopped");
        }
        if (!informer.hasSynced()) {
            return null;
        }
        List<Pod> pods = informer.getStore().list();
        return pods.isEmpty() ? Optional.empty() : Optional.of(pods.getFirst());
    }

    /**
     * Waits until {@code condition} holds for the pod (empty when absent; never asked while it is not
     * known yet), at most {@code timeout}; returns whether it held.
     *
     * @throws ClusterUnavailableException when the cluster is deleted or stopped meanwhile
     */
    boolean awaitUntil(Predicate<Optional<Pod>> condition, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<Pod> now = current();
                if (now != null && condition.test(now)) {
                    return true;
                }
                if (left <= 0) {
                    return false;
                }
                // Woken by changed(); the deadline bounds the wait, it is no polling interval.
                left = change.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void changed() {
        lock.lock();
        try {
            change.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        informer.close();
    }
}
