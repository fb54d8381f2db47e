package dev.hearth.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void doublesFromOneSecondUpToThirtyAtTheTopOfTheJitter() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.next().toMillis());
        }
        assertThat(delays).containsExactly(999L, 1999L, 3999L, 7999L, 15999L, 29999L, 29999L, 29999L);
    }

    @Test
    void jitterDrawsFromTheUpperHalf() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        low.next();
        low.next();
        assertThat(low.next()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anAcceptedConnectionStartsOver() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        backoff.next();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAnInitialDelayAboveTheMaximum() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(60), Duration.ofSeconds(30), () -> 0.0))
                .hasMessageContaining("initial <= max");
    }
}
