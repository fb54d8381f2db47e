package dev.hearth.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Eventually;
import dev.hearth.agent.provision.ClusterAccess.ClusterUnavailableException;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStreamId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which LogFollow starts, restarts or is refused a follower, without a cluster: the client factory
 * stands in for reaching the API server, blocking (a follower busy following) or failing (the cluster is gone).
 */
@Timeout(30)
class PodLogFollowersTest {

    private final List<LogChunk> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);
    private PodLogFollowers followers;

    /** Each follower "connects" and then follows until it is stopped. */
    private final Function<String, KubernetesClient> busy = cluster -> {
        connections.incrementAndGet();
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("stopped");
    };

    @AfterEach
    void close() {
        followers.close();
    }

    @Test
    void oneFollowerPerStreamAndOnlyAnEarlierFromSeqRestartsIt() throws Exception {
        followers = new PodLogFollowers(busy, cluster -> true, settings(10), sent::add);
        followers.follow(request("pod/c1/u1/app", 5));
        awaitConnections(1);

        followers.follow(request("pod/c1/u1/app", 5));
        followers.follow(request("pod/c1/u1/app", 9));
        assertThat(connections).as("the same or later lines: the running follower has them").hasValue(1);

        followers.follow(request("pod/c1/u1/app", 2));
        awaitConnections(2);
        assertThat(followers.streams()).containsExactly(id("pod/c1/u1/app"));
        assertThat(sent).as("a restart sends no end").isEmpty();
    }

    @Test
    void beyondTheHostsCapAFollowIsRefused() throws Exception {
        followers = new PodLogFollowers(busy, cluster -> true, settings(2), sent::add);
        followers.follow(request("pod/c1/u1/a", 0));
        followers.follow(request("pod/c1/u1/b", 0));
        followers.follow(request("pod/c1/u1/c", 0));
        awaitConnections(2);

        assertThat(followers.streams()).containsExactlyInAnyOrder(id("pod/c1/u1/a"), id("pod/c1/u1/b"));
        followers.stop(id("pod/c1/u1/a"));
        followers.follow(request("pod/c1/u1/c", 0));
        awaitConnections(3);
        assertThat(followers.streams()).containsExactlyInAnyOrder(id("pod/c1/u1/b"), id("pod/c1/u1/c"));
    }

    @Test
    void logStopEndsTheFollowerWithoutAnEnd() throws Exception {
        followers = new PodLogFollowers(busy, cluster -> true, settings(10), sent::add);
        followers.follow(request("pod/c1/u1/app", 0));
        awaitConnections(1);
        followers.stop(id("pod/c1/u1/app"));
        followers.stop(id("pod/c1/u1/unknown"));

        assertThat(followers.streams()).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void aClusterThatIsGoneEndsTheStreamAtOnce() throws Exception {
        followers = new PodLogFollowers(cluster -> {
            throw new ClusterUnavailableException("cluster " + cluster + " has no control plane on host h");
        }, cluster -> false, settings(10), sent::add);
        followers.follow(request("pod/gone/u1/app", 3));

        Eventually.until("the gone pod's end", Duration.ofSeconds(10), () -> !sent.isEmpty());
        assertThat(sent).containsExactly(new LogChunk("pod/gone/u1/app", 3, List.of(), true));
    }

    private void awaitConnections(int count) {
        Eventually.until(count + " followers connecting", Duration.ofSeconds(10), () -> connections.get() >= count,
                connections::get);
    }

    private static LogFollow request(String stream, long fromSeq) {
        return new LogFollow(id(stream), "default", "pod", fromSeq);
    }

    private static LogStreamId.Pod id(String stream) {
        return LogStreamId.Pod.named(stream);
    }

    private static LogFollowSettings settings(int maxFollowers) {
        return new SmallRyeConfigBuilder().withMapping(LogFollowSettings.class)
                .withSources(new PropertiesConfigSource(Map.of("hearth.agent.logs.max-followers",
                        Integer.toString(maxFollowers)), "test", 500))
                .build().getConfigMapping(LogFollowSettings.class);
    }
}
