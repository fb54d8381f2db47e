package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two hosts (two agents with their own host identities on this machine's engine): the scheduler
 * spreads clusters over both, and when one host's agent stops, its clusters are declared LOST once
 * the heartbeat timeout and the grace period have passed, while the other host's are untouched.
 */
@Timeout(300)
class TwoHostsSystemIT {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration LOST_GRACE = Duration.ofSeconds(4);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** Room for a late heartbeat check and a loaded machine; far below the production timeouts (20 s + 40 s). */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of(
            "hearth.hosts.heartbeat-timeout", seconds(HEARTBEAT_TIMEOUT),
            "hearth.hosts.lost-grace", seconds(LOST_GRACE),
            "hearth.hosts.check-every", seconds(CHECK_EVERY)));
    private static Agent first;
    private static Agent second;

    @BeforeAll
    static void twoHosts() {
        Map<String, String> quickHeartbeats = Map.of("hearth.agent.heartbeat-interval", "1s");
        first = STACK.startAgent("one", quickHeartbeats);
        second = STACK.startAgent("two", quickHeartbeats);
    }

    @Test
    void clustersLandOnBothHostsAndAStoppedHostsClustersAreLostWithinTheGrace() {
        HearthApi api = STACK.api();
        List<String> ids = List.of(api.requestCluster("spread-1").id(), api.requestCluster("spread-2").id());
        List<ClusterState> ready = ids.stream().map(id -> api.awaitPhase(id, Phase.READY, READY_WITHIN)).toList();
        assertThat(ready.stream().map(ClusterState::host).collect(Collectors.toSet()))
                .as("hosts of %s", ready).isEqualTo(Set.of(first.hostId(), second.hostId()));
        ClusterState onSecond = ready.stream().filter(c -> c.host().equals(second.hostId())).findFirst().orElseThrow();
        ClusterState onFirst = ready.stream().filter(c -> c.host().equals(first.hostId())).findFirst().orElseThrow();

        Instant stopped = Instant.now();
        second.stop();
        ClusterState lost = api.awaitPhase(onSecond.id(), Phase.LOST, HEARTBEAT_TIMEOUT.plus(LOST_GRACE).plus(CHECK_EVERY)
                .plus(SLACK));
        Duration took = Duration.between(stopped, Instant.now());
        assertThat(took).as("time from stopping the agent to LOST").isGreaterThanOrEqualTo(LOST_GRACE);
        assertThat(lost.message()).contains(second.hostId());
        assertThat(api.host(second.hostId()).status()).isEqualTo("UNREACHABLE");

        assertThat(api.cluster(onFirst.id()).phase()).as("the other host's cluster").isEqualTo(Phase.READY);
        assertThat(api.host(first.hostId()).status()).isEqualTo("ONLINE");
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
