package dev.hearth.agent.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where a follower is in a container's log, so that a log connection that closed resumes after the
 * last line read instead of reading the log again from line 0 — kubectl's way: the log is read with
 * {@code timestamps=true}, and the next read asks for {@code sinceTime=<the last line's time>} and
 * drops the lines it already had (docs/logs.md, "On the agent"). Lines that share the last time are
 * counted, so a burst written within one tick of the node's clock is neither lost nor repeated (a plain
 * "drop at or before the last time" would lose its rest), and a {@code sinceTime} the API server rounds
 * down to the second only brings more lines to drop. A log whose lines have no time, or go back in
 * time, cannot be resumed so: its next read starts from line 0 again, counting.
 */
final class LogPosition {

    /** A line of the log: its number from 0 in the container's log and its text without the time. */
    record Line(long seq, String text) {}

    private long lines;
    private Instant last;
    private int atLast;
    private boolean timed = true;
    private boolean resuming;
    private int droppedAtLast;

    /** How many lines were read: the number the next new line gets. */
    long lines() {
        return lines;
    }

    /** The {@code sinceTime} the next read resumes from; empty when it must read from line 0. */
    Optional<String> resumeFrom() {
        return timed && last != null ? Optional.of(last.toString()) : Optional.empty();
    }

    /**
     * Starts a read of the log: {@code resumed} when it was opened with {@link #resumeFrom()}, so its
     * first lines are those already read, else from line 0.
     */
    void startRead(boolean resumed) {
        if (!resumed) {
            lines = 0;
            last = null;
            atLast = 0;
            timed = true;
        }
        resuming = resumed;
        droppedAtLast = 0;
    }

    /**
     * Takes one line as the log sent it, {@code <RFC 3339 time> <text>}; returns it numbered, or null
     * when a resumed read sends it again.
     */
    Line take(String stamped) {
        int space = stamped.indexOf(' ');
        Instant time = space < 0 ? null : time(stamped.substring(0, space));
        String text = time == null ? stamped : stamped.substring(space + 1);
        if (resuming && time != null) {
            if (time.isBefore(last) || time.equals(last) && droppedAtLast < atLast) {
                if (time.equals(last)) {
                    droppedAtLast++;
                }
                return null;
            }
        }
        resuming = false;
        if (time == null || last != null && time.isBefore(last)) {
            timed = false;
        } else if (time.equals(last)) {
            atLast++;
        } else {
            last = time;
            atLast = 1;
        }
        return new Line(lines++, text);
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
