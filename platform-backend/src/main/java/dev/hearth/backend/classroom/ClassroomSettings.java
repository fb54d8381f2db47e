package dev.hearth.backend.classroom;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operator-set limits and timings for classrooms ({@code hearth.classroom.*}). */
@ConfigMapping(prefix = "hearth.classroom")
public interface ClassroomSettings {

    /** Classrooms one instructor may have open (not ended) at once. */
    @WithDefault("5")
    int maxClassroomsPerInstructor();

    /** Seats over all of one instructor's open classrooms: what their warm pools may cost the hosts. */
    @WithDefault("200")
    int maxSeatsPerInstructor();

    /** Seats in one classroom (workshops run for 5–200 people). */
    @WithDefault("200")
    int maxSeatsPerClassroom();

    /** Longest a classroom may run, start to end. */
    @WithDefault("7d")
    Duration maxLength();

    /** A seated participant with no progress for this long shows as stuck on the board. */
    @WithDefault("10m")
    Duration stuckAfter();

    /** How often classrooms whose end time has passed are looked for (read by ClassroomEnder). */
    @WithDefault("30s")
    String endCheckEvery();
}
