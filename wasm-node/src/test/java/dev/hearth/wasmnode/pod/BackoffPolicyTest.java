package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    @ParameterizedTest(name = "after {0} failure(s) the kubelet default waits {1} s")
    @CsvSource({"1, 10", "2, 20", "3, 40", "4, 80", "5, 160", "6, 300", "7, 300", "1000, 300", "2147483647, 300"})
    void doublesFromTenSecondsUpToFiveMinutes(int failures, long seconds) {
        assertThat(BackoffPolicy.KUBELET_DEFAULT.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aCapBelowTheNextDoublingIsHonouredExactly() {
        var policy = new BackoffPolicy(Duration.ofSeconds(3), Duration.ofSeconds(10));

        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(6));
        assertThat(policy.delay(3)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void nonsensicalPoliciesAndCountsAreRefused() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackoffPolicy.KUBELET_DEFAULT.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
