package dev.hearth.backend.terminal;

import dev.hearth.backend.classroom.Classroom;
import dev.hearth.backend.classroom.Seat;
import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may open which terminal (docs/security.md, "Terminal"): a cluster's owner their own READY
 * cluster's; a classroom's instructor (or an admin) a seat's, read-only. Anything else is "not found",
 * the same answer as for a cluster that does not exist.
 */
@ApplicationScoped
public class TerminalAccess {

    /** The owner's terminal of cluster {@code clusterId}. */
    @Transactional
    public Optional<TerminalTarget> own(Caller caller, String clusterId) {
        if (!caller.isAuthenticated()) {
            return Optional.empty();
        }
        Cluster cluster = Cluster.findById(clusterId);
        if (cluster == null || !caller.userId().equals(cluster.ownerId)) {
            return Optional.empty();
        }
        return ready(cluster, caller, false);
    }

    /** A seat's terminal, read-only, for the classroom's instructor. */
    @Transactional
    public Optional<TerminalTarget> watch(Caller caller, String classroomId, String seatId) {
        if (!caller.isAuthenticated()) {
            return Optional.empty();
        }
        Classroom classroom = Classroom.findById(parse(classroomId));
        if (classroom == null || !(caller.userId().equals(classroom.instructorId) || caller.hasRole(Role.ADMIN))) {
            return Optional.empty();
        }
        Seat seat = Seat.findById(parse(seatId));
        if (seat == null || !classroom.id.equals(seat.classroomId) || seat.clusterId == null) {
            return Optional.empty();
        }
        Cluster cluster = Cluster.findById(seat.clusterId);
        return cluster == null ? Optional.empty() : ready(cluster, caller, true);
    }

    /** The cluster of a READY, placed cluster; the terminal needs its toolbox on a host. */
    private static Optional<TerminalTarget> ready(Cluster cluster, Caller caller, boolean watch) {
        if (cluster.phase != ClusterPhase.READY || cluster.hostId == null) {
            return Optional.empty();
        }
        return Optional.of(new TerminalTarget(cluster.id, cluster.hostId, caller.userId(), caller.username(), caller.via(), watch));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new UUID(0, 0);
        }
    }
}
