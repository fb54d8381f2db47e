package dev.hearth.wasmnode.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a projected token is rewritten, and how — pure logic, no API server. */
class ServiceAccountTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aTokenIsRewrittenAtEightyPercentOfItsLifetimeAsTheKubeletDoes() {
        assertThat(ServiceAccountTokens.refreshAt(ISSUED, ISSUED.plusSeconds(600), 0.8))
                .isEqualTo(ISSUED.plusSeconds(480));
        assertThat(ServiceAccountTokens.refreshAt(ISSUED, ISSUED.plusSeconds(3607), 0.8))
                .isEqualTo(ISSUED.plusMillis(2_885_600));
    }

    @Test
    void aLongLivedTokenIsStillRewrittenDaily() {
        // An API server extends kube-api-access tokens (3607 s asked) to a year.
        assertThat(ServiceAccountTokens.refreshAt(ISSUED, ISSUED.plus(Duration.ofDays(365)), 0.8))
                .isEqualTo(ISSUED.plus(Duration.ofHours(24)));
    }

    @Test
    void theFractionMustLeaveTimeBeforeExpiry() {
        assertThatThrownBy(() -> new ServiceAccountTokens((pod, audience, seconds) -> null, java.time.Clock.systemUTC(), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
    }

    @Test
    void aRewriteReplacesTheFileWholeAndLeavesNothingBeside() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "old");

        ServiceAccountTokens.writeAtomically(token, "new");

        assertThat(token).hasContent("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(token);
        }
    }
}
