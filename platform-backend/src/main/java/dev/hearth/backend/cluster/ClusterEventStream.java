package dev.hearth.backend.cluster;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Follows a cluster's events as they are written, from any backend replica: it reads the table
 * after a cursor, so nothing is lost between reconnects (the SSE Last-Event-ID is that cursor).
 * The caller must already have checked that the cluster is theirs.
 */
@ApplicationScoped
public class ClusterEventStream {

    private static final Duration POLL = Duration.ofMillis(500);

    /** Events after {@code afterId}, then new ones as they come; completes once the cluster is DELETED. */
    public Multi<ClusterEventView> follow(String clusterId, long afterId) {
        AtomicLong cursor = new AtomicLong(afterId);
        AtomicBoolean finished = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> QuarkusTransaction.requiringNew().call(() -> new Batch(
                        ClusterEvent.after(clusterId, cursor.get()).stream().map(ClusterEventView::of).toList(),
                        Cluster.<Cluster>findByIdOptional(clusterId).map(c -> c.phase == ClusterPhase.DELETED).orElse(true))))
                .invoke(batch -> batch.events().forEach(e -> cursor.set(Math.max(cursor.get(), e.id()))))
                // Let the batch that saw DELETED through (its events are the last ones), stop at the next.
                .select().first(batch -> !finished.getAndSet(batch.finished()))
                .onItem().transformToIterable(Batch::events);
    }

    /**
     * Events of whichever clusters {@code clusterIds} names at each poll, after {@code afterId}: a
     * classroom board follows its seats' clusters, and a reset swaps a seat's cluster for a new one.
     * The supplier runs in the poll's own transaction, outside any request, so it must not ask who
     * is calling. Runs until the subscriber cancels.
     */
    public Multi<OfCluster> followAll(Supplier<Collection<String>> clusterIds, long afterId) {
        AtomicLong cursor = new AtomicLong(afterId);
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(POLL)
                .onOverflow().drop()
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
    }
}
