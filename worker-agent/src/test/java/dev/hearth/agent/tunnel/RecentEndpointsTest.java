package dev.hearth.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.protocol.TunnelTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** App addresses are reused for a moment, per cluster and target; refusals and failed connections are not. */
class RecentEndpointsTest {

    final AtomicLong now = new AtomicLong();
    final RecentEndpoints recent = new RecentEndpoints(Duration.ofSeconds(2), now::get);
    final TunnelTarget.Http web = TunnelTarget.Http.servicePort("default", "web", "http");
    final InetSocketAddress node = new InetSocketAddress("172.18.0.3", 8080);

    @Test
    void anAddressIsReusedUntilItsTimeThenResolvedAgain() {
        AtomicInteger resolved = new AtomicInteger();
        recent.get("c-1", web, () -> count(resolved));
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        recent.get("c-1", web, () -> count(resolved));
        assertThat(resolved).hasValue(1);
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(recent.get("c-1", web, () -> count(resolved))).isEqualTo(node);
        assertThat(resolved).hasValue(2);
    }

    @Test
    void anotherClusterOrTargetIsItsOwnEntry() {
        AtomicInteger resolved = new AtomicInteger();
        recent.get("c-1", web, () -> count(resolved));
        recent.get("c-2", web, () -> count(resolved));
        recent.get("c-1", TunnelTarget.Http.servicePort("default", "other", "http"), () -> count(resolved));
        assertThat(resolved).hasValue(3);
    }

    @Test
    void aRefusalIsNotKeptAndAForgottenEntryIsResolvedAgain() {
        assertThatThrownBy(() -> recent.get("c-1", web, () -> {
            throw new TunnelRefusedException("refused: outside");
        })).hasMessage("refused: outside");
        AtomicInteger resolved = new AtomicInteger();
        recent.get("c-1", web, () -> count(resolved));
        recent.forget("c-1", web);
        recent.get("c-1", web, () -> count(resolved));
        assertThat(resolved).hasValue(2);
    }

    private InetSocketAddress count(AtomicInteger resolved) {
        resolved.incrementAndGet();
        return node;
    }
}
