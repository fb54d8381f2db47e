package dev.hearth.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Eventually;
import dev.hearth.agent.channel.BackendPeer.Received;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.Heartbeat;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The real channel client against a WebSocket server in the test ({@link BackendPeer}): Hello and the
 * desired set, heartbeats, reports sent at once, and after the server drops the connection, a
 * reconnect that re-sends the newest report of each cluster and the credentials.
 */
@QuarkusTest
@TestProfile(AgentChannelIT.AgainstTestServer.class)
class AgentChannelIT {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** The agent connects to this test application's own HTTP port, where {@link BackendPeer} listens. */
    public static class AgainstTestServer implements QuarkusTestProfile {
        static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.test-port", String.valueOf(PORT),
                    "hearth.agent.backend-url", "http://localhost:" + PORT,
                    "hearth.agent.token", "hha_channelTestToken",
                    // A host id no real cluster carries: the reconciler (never fed here) has nothing to touch.
                    "hearth.agent.host-id", "channel-test-host",
                    "hearth.agent.heartbeat-interval", "200ms",
                    "hearth.agent.reconnect.initial", "100ms",
                    "hearth.agent.reconnect.max", "1s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingListener.class);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("failed to find a free port", e);
            }
        }
    }

    @Inject
    AgentChannel channel;

    @Inject
    RecordingListener listener;

    @Test
    void saysHelloHeartbeatsReportsAndResendsWhatMattersAfterTheServerDropsIt() {
        Received hello = await("Hello", r -> r.message() instanceof Hello);
        Hello said = (Hello) hello.message();
        assertThat(said.hostId()).isEqualTo("channel-test-host");
        assertThat(said.capacity().memoryBytes()).isPositive();
        assertThat(hello.authorization()).isEqualTo("Bearer hha_channelTestToken");
        waitFor("the desired set handed to the reconciler", () -> listener.received().contains(BackendPeer.DESIRED));
        waitFor("the channel to count as connected", channel::connected);
        waitFor("two heartbeats", () -> on(hello.connectionId(), Heartbeat.class).size() >= 2);

        ClusterObserved etcd = observed(ObservedPhase.PROVISIONING, "Starting etcd");
        channel.observed(etcd);
        await("the report sent at once", r -> r.message().equals(etcd));

        BackendPeer.dropAll();
        waitFor("the channel to notice the drop", () -> !channel.connected());
        ClusterObserved apiServer = observed(ObservedPhase.PROVISIONING, "Starting API server");
        Credentials kubeconfig = new Credentials("c-chan01", "apiVersion: v1\nkind: Config\n");
        ClusterObserved ready = observed(ObservedPhase.READY, null);
        channel.observed(apiServer);
        channel.credentials(kubeconfig);
        channel.observed(ready);

        Received again = await("a new Hello after the reconnect",
                r -> r.message() instanceof Hello && !r.connectionId().equals(hello.connectionId()));
        waitFor("the credentials and the newest report re-sent", () -> {
            List<AgentMessage> resent = onConnection(again.connectionId());
            return resent.contains(kubeconfig) && resent.contains(ready);
        });
        List<AgentMessage> resent = onConnection(again.connectionId());
        assertThat(resent).doesNotContain(apiServer, etcd);
        assertThat(resent.indexOf(kubeconfig)).isLessThan(resent.indexOf(ready));
        waitFor("the desired set again", () -> listener.received().size() >= 2);
    }

    private static ClusterObserved observed(ObservedPhase phase, String step) {
        return new ClusterObserved("c-chan01", 2, phase, step, phase == ObservedPhase.READY ? "https://127.0.0.1:40001" : null, null);
    }

    private static List<AgentMessage> onConnection(String connectionId) {
        return BackendPeer.RECEIVED.stream().filter(r -> r.connectionId().equals(connectionId)).map(Received::message).toList();
    }

    private static <T> List<T> on(String connectionId, Class<T> type) {
        return onConnection(connectionId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Received await(String what, Predicate<Received> matching) {
        waitFor(what, () -> BackendPeer.RECEIVED.stream().anyMatch(matching));
        return BackendPeer.RECEIVED.stream().filter(matching).findFirst().orElseThrow();
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        Eventually.until(what, WAIT, condition);
    }
}
