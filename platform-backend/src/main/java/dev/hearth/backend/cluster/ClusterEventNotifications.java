package dev.hearth.backend.cluster;

import dev.hearth.backend.notify.NotificationHandler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cluster events reach every replica's followers through {@code NOTIFY} on {@value #CHANNEL} (issue 5
 * item 2a) instead of each follower polling the table: the notification carries only the cluster id,
 * committed with the event; a follower woken by it reads the table after its cursor, as before.
 */
@ApplicationScoped
public class ClusterEventNotifications implements NotificationHandler {

    public static final String CHANNEL = "hearth_cluster_event";
    /** Followers of every cluster (the classroom board follows a changing set of them). */
    private static final String ANY = "*";

    private final EntityManager em;
    private final Map<String, Set<MultiEmitter<? super Long>>> waiting = new ConcurrentHashMap<>();

    public ClusterEventNotifications(EntityManager em) {
        this.em = em;
    }

    /** Inside the transaction that wrote the event: PostgreSQL delivers the notification at its commit. */
    void recorded(@Observes ClusterEventRecorded event) {
        em.createNativeQuery("SELECT pg_notify(:c, :id)").setParameter("c", CHANNEL).setParameter("id", event.clusterId())
                .getSingleResult();
    }

    /** Ticks whenever an event of {@code clusterId} was committed (or may have been missed). */
    Multi<Long> wakeUps(String clusterId) {
        return Multi.createFrom().emitter(emitter -> {
            Set<MultiEmitter<? super Long>> set = waiting.computeIfAbsent(clusterId, id -> ConcurrentHashMap.newKeySet());
            set.add(emitter);
            emitter.onTermination(() -> waiting.computeIfPresent(clusterId, (id, s) -> {
                s.remove(emitter);
                return s.isEmpty() ? null : s;
            }));
        });
    }

    /** Ticks on every cluster event. */
    Multi<Long> anyWakeUps() {
        return wakeUps(ANY);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void notified(String clusterId) {
        wake(waiting.get(clusterId));
        wake(waiting.get(ANY));
    }

    @Override
    public void listening() {
        // Notifications sent while the connection was down are gone: everyone reads once.
        waiting.values().forEach(this::wake);
    }

    private void wake(Set<MultiEmitter<? super Long>> emitters) {
        if (emitters != null) {
            emitters.forEach(e -> e.emit(System.nanoTime()));
        }
    }
}
