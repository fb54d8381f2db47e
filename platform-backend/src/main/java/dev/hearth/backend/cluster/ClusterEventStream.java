package dev.hearth.backend.cluster;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Follows a cluster's events as they are written, from any backend replica: it reads the table
 * after a cursor, so nothing is lost between reconnects (the SSE Last-Event-ID is that cursor).
 * It reads when woken by the event's {@code NOTIFY} ({@link ClusterEventNotifications}), and once in
 * a long while regardless, in case a wake-up was lost. Wake-ups that arrive while a read is under
 * way collapse into one more read. The caller must already have checked that the cluster is theirs.
 */
@ApplicationScoped
public class ClusterEventStream {

    /** A read even without a notification: a safety net, not the way events arrive. */
    private static final Duration SAFETY_POLL = Duration.ofSeconds(10);

    private final ClusterEventNotifications notifications;

    public ClusterEventStream(ClusterEventNotifications notifications) {
        this.notifications = notifications;
    }

    /** Now, then on every wake-up and safety tick; a slow reader gets one read for all it missed. */
    private static Multi<Long> reads(Multi<Long> wakeUps) {
        return Multi.createBy().merging().streams(
                        Multi.createFrom().item(0L),
                        wakeUps,
                        Multi.createFrom().ticks().startingAfter(SAFETY_POLL).every(SAFETY_POLL))
                .onOverflow().dropPreviousItems();
    }

    /** Events after {@code afterId}, then new ones as they come; completes once the cluster is DELETED. */
    public Multi<ClusterEventView> follow(String clusterId, long afterId) {
        AtomicLong cursor = new AtomicLong(afterId);
        return reads(notifications.wakeUps(clusterId))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> QuarkusTransaction.requiringNew().call(() -> new Batch(
                        ClusterEvent.after(clusterId, cursor.get()).stream().map(ClusterEventView::of).toList(),
                        Cluster.<Cluster>findByIdOptional(clusterId).map(c -> c.phase == ClusterPhase.DELETED).orElse(true))))
                .invoke(batch -> batch.events().forEach(e -> cursor.set(Math.max(cursor.get(), e.id()))))
                // Let the batch that saw DELETED through (its events are the last ones), then stop at once.
                .onItem().transformToIterable(batch -> batch.finished() ? List.of(batch, Batch.LAST) : List.of(batch))
                .select().first(batch -> batch != Batch.LAST)
                .onItem().transformToIterable(Batch::events);
    }

    /**
     * Events of whichever clusters {@code clusterIds} names at each poll, after {@code afterId}: a
     * classroom board follows its seats' clusters, and a reset swaps a seat's cluster for a new one.
     * Woken by any cluster's event. The supplier runs in the read's own transaction, outside any request, so it must not ask who
     * is calling. Runs until the subscriber cancels.
     */
    public Multi<OfCluster> followAll(Supplier<Collection<String>> clusterIds, long afterId) {
        AtomicLong cursor = new AtomicLong(afterId);
        return reads(notifications.anyWakeUps())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> QuarkusTransaction.requiringNew().call(() -> ClusterEvent.afterAny(clusterIds.get(), cursor.get())
                        .stream().map(e -> new OfCluster(e.clusterId, ClusterEventView.of(e))).toList()))
                .invoke(events -> events.forEach(e -> cursor.set(Math.max(cursor.get(), e.event().id()))))
                .onItem().transformToIterable(events -> events);
    }

    /** An event of one of several followed clusters, and which. */
    public record OfCluster(String clusterId, ClusterEventView event) {
    }

    private record Batch(List<ClusterEventView> events, boolean finished) {
        /** Marks the end of the stream, after the batch that saw the cluster DELETED. */
        static final Batch LAST = new Batch(List.of(), true);
    }
}
