package dev.hearth.wasmnode.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query parameters the API server passes on from {@code kubectl logs}. */
class LogQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void noParametersMeanTheWholeCurrentLogOnce() {
        assertThat(LogQuery.parse(Map.of(), NOW)).isEqualTo(new LogQuery(false, OptionalInt.empty(), false,
                Optional.empty(), OptionalLong.empty(), false));
    }

    @Test
    void everyParameterIsRead() {
        LogQuery query = LogQuery.parse(Map.of("follow", List.of("true"), "tailLines", List.of("5"),
                "timestamps", List.of("true"), "sinceSeconds", List.of("30"), "limitBytes", List.of("100"),
                "previous", List.of("true")), NOW);

        assertThat(query).isEqualTo(new LogQuery(true, OptionalInt.of(5), true, Optional.of(NOW.minusSeconds(30)),
                OptionalLong.of(100), true));
    }

    @Test
    void sinceTimeIsAnRfc3339Time() {
        assertThat(LogQuery.parse(Map.of("sinceTime", List.of("2026-11-21T11:00:00Z")), NOW).since())
                .contains(Instant.parse("2026-11-21T11:00:00Z"));
    }

    @Test
    void tailLinesZeroMeansNoExistingLines() {
        assertThat(LogQuery.parse(Map.of("tailLines", List.of("0")), NOW).tailLines()).hasValue(0);
    }

    @ParameterizedTest(name = "{0}={1} is refused naming {0}")
    @CsvSource({"tailLines, -1", "tailLines, many", "limitBytes, 0", "sinceSeconds, 0", "follow, maybe",
            "sinceTime, yesterday", "previous, 2"})
    void malformedParametersAreRefusedNamingTheParameter(String name, String value) {
        assertThatThrownBy(() -> LogQuery.parse(Map.of(name, List.of(value)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name);
    }

    @Test
    void sinceTimeAndSinceSecondsTogetherAreRefused() {
        assertThatThrownBy(() -> LogQuery.parse(Map.of("sinceTime", List.of("2026-11-21T11:00:00Z"),
                "sinceSeconds", List.of("5")), NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
