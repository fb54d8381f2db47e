package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterLifecycle;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterPolicy;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.cluster.DesiredStateChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The clusters behind seats: requesting one for a seat, handing a warm one to the participant who
 * takes the seat, and retiring one. Ownership and quota: a warm-pool cluster has no owner, so it is
 * in nobody's list or personal quota (the classroom's seats and the instructor's seat limit bound
 * the pool instead); the hand-out makes the participant its owner, from which moment it is theirs
 * like any cluster — in their list, counted in their quota (a seat is never refused for it), and
 * extendable or deletable by them as well as by the classroom's instructor.
 */
@ApplicationScoped
public class SeatClusters {

    private final ClusterService clusters;
    private final ClusterLifecycle lifecycle;
    private final ClusterPolicy policy;
    private final DesiredStateChanges desired;
    private final Clock clock;

    public SeatClusters(ClusterService clusters, ClusterLifecycle lifecycle, ClusterPolicy policy,
            DesiredStateChanges desired, Clock clock) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.policy = policy;
        this.desired = desired;
        this.clock = clock;
    }

    /** The seat's cluster, unless it is on its way out or gone. */
    public static Optional<Cluster> live(Seat seat) {
        if (seat.clusterId == null) {
            return Optional.empty();
        }
        Cluster cluster = Cluster.findById(seat.clusterId);
        return cluster == null || cluster.phase == ClusterPhase.DELETING || cluster.phase == ClusterPhase.DELETED
                ? Optional.empty() : Optional.of(cluster);
    }

    /** Whether a seat's cluster can still be handed to someone: not failed, not lost, not going. */
    static boolean usable(Cluster cluster) {
        return switch (cluster.phase) {
            case REQUESTED, SCHEDULED, PROVISIONING, READY -> true;
            case DELETING, DELETED, FAILED, LOST -> false;
        };
    }

    /** Requests a fresh cluster for the seat, owned by its participant or, for an empty seat, by nobody. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Cluster request(Classroom classroom, Seat seat, String why) {
        Cluster cluster = clusters.requestForSeat(name(classroom, seat), seat.participantId,
                classroom.configuration(), expiry(classroom, clock.instant()), why);
        seat.clusterId = cluster.id;
        seat.lastActivityAt = clock.instant();
        return cluster;
    }

    /** Makes the seat's participant the owner of its (warm) cluster; its lifetime now runs from the hand-out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handOut(Classroom classroom, Seat seat, Cluster cluster, String participant) {
        cluster.ownerId = seat.participantId;
        cluster.expiresAt = expiry(classroom, clock.instant());
        lifecycle.record(cluster, "Handed to " + participant + " (seat " + seat.number + " of " + classroom.name + ")");
        // The host's set carries each cluster's owner's registry namespace: the agent now lets this
        // cluster read the participant's repositories (docs/security.md). Nothing is re-provisioned, so
        // the generation stays.
        desired.changed(cluster.hostId);
    }

    /** Starts deleting the seat's cluster, if it has a live one, and frees the seat of it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retire(Seat seat, String reason) {
        live(seat).ifPresent(cluster -> lifecycle.beginDeletion(cluster, reason));
        seat.clusterId = null;
        seat.lastActivityAt = clock.instant();
    }

    /**
     * When a seat's cluster expires: at the end of the class, or the classroom's TTL after now if
     * that comes first, and never beyond the cluster policy's longest lifetime.
     */
    Instant expiry(Classroom classroom, Instant now) {
        Instant expiry = classroom.endsAt;
        if (classroom.ttl() != null && now.plus(classroom.ttl()).isBefore(expiry)) {
            expiry = now.plus(classroom.ttl());
        }
        Instant cap = now.plus(policy.ttl().max());
        return expiry.isAfter(cap) ? cap : expiry;
    }

    /**
     * {@code <classroom>-<n>}: a DNS label (cluster names become the WASI node's name), from the
     * classroom's name cut to fit, so a participant recognises it in their list.
     */
    static String name(Classroom classroom, Seat seat) {
        String slug = classroom.name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String suffix = "-" + seat.number;
        if (slug.length() > 40 - suffix.length()) {
            slug = slug.substring(0, 40 - suffix.length()).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "seat" : slug) + suffix;
    }
}
