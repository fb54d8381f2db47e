package dev.hearth.backend.classroom;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Role;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/**
 * The one place that decides who may see and change a classroom: its instructor and admins. To
 * anyone else — another instructor, a participant seated in it — it does not exist (404), so a
 * board's existence is never disclosed.
 */
@RequestScoped
public class ClassroomAccess {

    private final Caller caller;

    public ClassroomAccess(Caller caller) {
        this.caller = caller;
    }

    /** The classroom, if the caller runs it (or is an admin). */
    public Classroom managed(String id) {
        return check(Classroom.findById(parse(id)), id);
    }

    /** The same, with the row locked for the rest of the transaction (seat changes serialise on it). */
    public Classroom managedForUpdate(String id) {
        return check(Classroom.findById(parse(id), LockModeType.PESSIMISTIC_WRITE), id);
    }

    /** A seat of a classroom the caller runs. */
    public Seat seat(Classroom classroom, String seatId) {
        Seat seat = Seat.findById(parseSeat(seatId));
        if (seat == null || !seat.classroomId.equals(classroom.id)) {
            throw new NotFoundProblem("seat", seatId);
        }
        return seat;
    }

    /** @throws ProblemException 403 unless the caller may create classrooms */
    public void requireInstructor() {
        if (!caller.hasRole(Role.INSTRUCTOR) && !caller.isAdmin()) {
            throw new ProblemException(403, "forbidden", "Forbidden",
                    "creating classrooms needs the instructor role");
        }
    }

    private Classroom check(Classroom classroom, String id) {
        if (classroom == null || !(caller.isAdmin() || caller.userId().equals(classroom.instructorId))) {
            throw new NotFoundProblem("classroom", id);
        }
        return classroom;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundProblem("classroom", id);
        }
    }

    private static UUID parseSeat(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundProblem("seat", id);
        }
    }
}
