package dev.hearth.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resuming a container log after the last line read, as the WASI node sends it with timestamps=true. */
class LogPositionTest {

    private final LogPosition position = new LogPosition();

    @Test
    void aResumedReadDropsWhatWasReadAndNumbersTheRestOnward() {
        position.startRead(false);
        List<LogPosition.Line> first = read("2026-12-03T09:00:00.100Z zero", "2026-12-03T09:00:00.200Z one");
        assertThat(first).containsExactly(new LogPosition.Line(0, "zero"), new LogPosition.Line(1, "one"));
        assertThat(position.resumeFrom()).contains("2026-12-03T09:00:00.200Z");

        position.startRead(true);
        // The API server rounds sinceTime down to the second: the whole second comes again.
        List<LogPosition.Line> again = read("2026-12-03T09:00:00.100Z zero", "2026-12-03T09:00:00.200Z one",
                "2026-12-03T09:00:00.300Z two", "2026-12-03T09:00:01Z three");
        assertThat(again).containsExactly(new LogPosition.Line(2, "two"), new LogPosition.Line(3, "three"));
    }

    @Test
    void linesSharingTheLastTimeAreCountedSoNoneIsLostOrRepeated() {
        position.startRead(false);
        read("2026-12-03T09:00:00.5Z a", "2026-12-03T09:00:00.5Z b");

        position.startRead(true);
        List<LogPosition.Line> again = read("2026-12-03T09:00:00.5Z a", "2026-12-03T09:00:00.5Z b",
                "2026-12-03T09:00:00.5Z c", "2026-12-03T09:00:00.6Z d");
        assertThat(again).extracting(LogPosition.Line::text).containsExactly("c", "d");
        assertThat(again).extracting(LogPosition.Line::seq).containsExactly(2L, 3L);
    }

    @Test
    void aLogWithoutTimesIsReadAgainFromLineZero() {
        position.startRead(false);
        assertThat(read("2026-12-03T09:00:00Z timed", "no time here")).extracting(LogPosition.Line::text)
                .containsExactly("timed", "no time here");
        assertThat(position.resumeFrom()).isEmpty();

        position.startRead(false);
        assertThat(read("2026-12-03T09:00:00Z timed")).containsExactly(new LogPosition.Line(0, "timed"));
    }

    @Test
    void aLogGoingBackInTimeIsNotResumedByTime() {
        position.startRead(false);
        read("2026-12-03T09:00:02Z later", "2026-12-03T09:00:01Z earlier");

        assertThat(position.resumeFrom()).isEmpty();
    }

    @Test
    void theTextKeepsItsOwnSpaces() {
        position.startRead(false);
        assertThat(read("2026-12-03T09:00:00Z   indented  text ")).containsExactly(new LogPosition.Line(0, "  indented  text "));
    }

    private List<LogPosition.Line> read(String... stamped) {
        List<LogPosition.Line> taken = new ArrayList<>();
        for (String line : stamped) {
            LogPosition.Line numbered = position.take(line);
            if (numbered != null) {
                taken.add(numbered);
            }
        }
        return taken;
    }
}
