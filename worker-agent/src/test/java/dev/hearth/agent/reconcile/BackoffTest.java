package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));

    @ParameterizedTest(name = "{0} failures -> {1} s")
    @CsvSource({"1, 10", "2, 20", "3, 40", "5, 160", "6, 300", "60, 300"})
    void doublesPerFailureUpToTheCap(int failures, long seconds) {
        assertThat(backoff.after(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
