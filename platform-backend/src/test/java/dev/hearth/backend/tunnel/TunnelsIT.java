package dev.hearth.backend.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.agent.AgentConnections;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.OtherReplica;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tunnels over the real agent channel (the agent is a protocol peer on the real WebSocket), through the
 * real PostgreSQL NOTIFY when the tunnel's owner is another "replica" (its own {@link Tunnels},
 * connections and listening connection, as LogStreamsIT does: the test setup runs one Quarkus app).
 */
@QuarkusTest
class TunnelsIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final TunnelTarget SHELL = new TunnelTarget.Exec(TunnelTarget.Exec.TOOLBOX, List.of("bash"), 80, 24, null, false);

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures hosts;

    @Inject
    Tunnels tunnels;

    @Inject
    AgentMessageCodec codec;

    @Inject
    DataSource dataSource;

    @Inject
    TunnelSettings settings;

    @Inject
    OtherReplica otherReplica;

    private final List<AutoCloseable> open = new ArrayList<>();
    private EnrolledHost host;
    private ProtocolPeer agent;

    @BeforeEach
    void connect() {
        host = hosts.enrol("tunnel");
        agent = online(host);
    }

    @AfterEach
    void disconnect() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        hosts.removeTestHosts();
    }

    @Test
    void bytesFlowBothWaysInOrderAndAResizeAndCloseReachTheAgent() {
        Received sink = new Received();
        Tunnel tunnel = tunnels.open(host.id(), "c-tunnel", SHELL, sink);

        TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
        assertThat(opened.tunnelId()).isEqualTo(tunnel.id());
        assertThat(opened.clusterId()).isEqualTo("c-tunnel");
        assertThat(opened.target()).isEqualTo(SHELL);
        agent.send(new TunnelData(tunnel.id(), 0, new byte[0]));
        agent.send(new TunnelData(tunnel.id(), 1, bytes("$ ")));
        agent.send(new TunnelData(tunnel.id(), 2, bytes("hello\r\n")));
        Eventually.until("the sink got the output", WAIT, () -> sink.text().equals("$ hello\r\n"));

        assertThat(tunnel.write(bytes("echo hi\r"))).isTrue();
        TunnelData typed = agent.next(TunnelData.class, WAIT);
        assertThat(new String(typed.bytes(), StandardCharsets.UTF_8)).isEqualTo("echo hi\r");
        assertThat(typed.seq()).isZero();

        tunnel.resize(132, 43);
        assertThat(agent.next(TunnelResize.class, WAIT)).isEqualTo(new TunnelResize(tunnel.id(), 132, 43));

        tunnel.detach("browser left");
        TunnelClose close = agent.next(TunnelClose.class, WAIT);
        assertThat(close.detach()).isTrue();
        assertThat(sink.closed.join()).isEqualTo("browser left");
        assertThat(tunnels.ownedCount()).isZero();
    }

    @Test
    void aTunnelOwnedByAnotherReplicaGoesThroughNotifyBothWays() {
        Tunnels other = replica();
        Received sink = new Received();
        Tunnel tunnel = other.open(host.id(), "c-remote", SHELL, sink);

        assertThat(agent.next(TunnelOpen.class, WAIT).tunnelId()).isEqualTo(tunnel.id());
        agent.send(new TunnelData(tunnel.id(), 0, new byte[0]));
        // Larger than one frame's worth in total, in many frames, to see order kept across NOTIFYs.
        var expected = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String line = "line " + i + " " + "x".repeat(3000) + "\n";
            expected.append(line);
            agent.send(new TunnelData(tunnel.id(), i + 1, bytes(line)));
        }
        Eventually.until("every frame arrived on the other replica, in order", WAIT,
                () -> sink.text().length() == expected.length());
        assertThat(sink.text()).isEqualTo(expected.toString());
        assertThat(agent.next(TunnelAck.class, WAIT).bytes()).isGreaterThanOrEqualTo(TunnelOpen.DEFAULT_WINDOW / 4);

        assertThat(tunnel.write(bytes("ls\r"))).isTrue();
        assertThat(new String(agent.next(TunnelData.class, WAIT).bytes(), StandardCharsets.UTF_8)).isEqualTo("ls\r");

        agent.send(new TunnelClose(tunnel.id(), "the shell exited"));
        assertThat(sink.closed.join()).isEqualTo("the shell exited");
    }

    @Test
    void theAgentDisconnectingEndsItsTunnelsOnEveryReplicaWithAReason() {
        Tunnels other = replica();
        Received here = new Received();
        Received there = new Received();
        tunnels.open(host.id(), "c-1", SHELL, here);
        other.open(host.id(), "c-2", SHELL, there);
        agent.next(TunnelOpen.class, WAIT);
        agent.next(TunnelOpen.class, WAIT);

        agent.close();

        assertThat(here.closed.completeOnTimeout("not closed", 15, TimeUnit.SECONDS).join())
                .isEqualTo("the cluster's host disconnected");
        assertThat(there.closed.completeOnTimeout("not closed", 15, TimeUnit.SECONDS).join())
                .isEqualTo("the cluster's host disconnected");
    }

    @Test
    void aHostileAgentCannotWriteIntoAnotherHostsTunnel() {
        EnrolledHost mallory = hosts.enrol("tunnel-mallory");
        ProtocolPeer hostile = online(mallory);
        Received sink = new Received();
        Tunnel tunnel = tunnels.open(host.id(), "c-alice", SHELL, sink);
        agent.next(TunnelOpen.class, WAIT);

        hostile.send(new TunnelData(tunnel.id(), 0, bytes("rm -rf ~\r")));
        hostile.send(new TunnelClose(tunnel.id(), "forged"));
        agent.send(new TunnelData(tunnel.id(), 0, bytes("real")));

        Eventually.until("the real agent's bytes arrived", WAIT, () -> sink.text().equals("real"));
        assertThat(tunnel.isOpen()).isTrue();
        tunnel.close("done");
    }

    @Test
    void aHostThatNeverAnswersClosesTheTunnelAfterTheOpenTimeout() {
        EnrolledHost away = hosts.enrol("tunnel-away");
        Received sink = new Received();

        tunnels.open(away.id(), "c-away", SHELL, sink);

        assertThat(sink.closed.completeOnTimeout("not closed", settings.openTimeout().toSeconds() + 10, TimeUnit.SECONDS)
                .join()).isEqualTo("the cluster's host did not answer; it may be offline");
    }

    @Test
    void writesStopAtTheWindowUntilTheAgentAcknowledges() {
        Tunnel tunnel = tunnels.open(host.id(), "c-window", SHELL, new Received());
        agent.next(TunnelOpen.class, WAIT);
        assertThat(tunnel.write(new byte[1])).as("nothing is open to read it yet").isFalse();
        agent.send(new TunnelData(tunnel.id(), 0, new byte[0]));
        Eventually.until("the target answered", WAIT, tunnel::answered);

        assertThat(tunnel.write(new byte[TunnelOpen.DEFAULT_WINDOW])).isTrue();
        assertThat(tunnel.write(new byte[1])).as("the window is full").isFalse();

        agent.send(new TunnelAck(tunnel.id(), 4096));
        Eventually.until("the ack freed room", WAIT, () -> tunnel.write(new byte[1]));
        tunnel.close("done");
    }

    private Tunnels replica() {
        Tunnels other = new Tunnels(new AgentConnections(null, codec), codec, dataSource, settings,
                Executors.newVirtualThreadPerTaskExecutor());
        open.add(otherReplica.listen("test-tunnel-replica", other));
        return other;
    }

    private ProtocolPeer online(EnrolledHost enrolled) {
        ProtocolPeer peer = ProtocolPeer.online(base, enrolled, WAIT);
        open.add(peer);
        return peer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A sink that keeps what it got. */
    static final class Received implements TunnelSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public synchronized void data(byte[] data) {
            bytes.writeBytes(data);
        }

        @Override
        public void closed(String reason) {
            closed.complete(reason);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
