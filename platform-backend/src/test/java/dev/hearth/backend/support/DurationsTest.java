package dev.hearth.backend.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"4h, PT4H", "90m, PT1H30M", "1h30m, PT1H30M", "2d, PT48H", "45s, PT45S", "PT2H, PT2H", " 8H , PT8H"})
    void parsesWhatPeopleType(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "forever", "4", "h", "-1h", "0m", "4 hours", "P"})
    void rejectsWithAReadableMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }

    @ParameterizedTest
    @CsvSource({"PT4H, 4h", "PT1H30M, 1h30m", "PT48H, 2d", "PT0S, 0s", "PT26H5S, 1d2h5s"})
    void formatsShort(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
