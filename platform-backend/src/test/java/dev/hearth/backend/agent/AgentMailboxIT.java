package dev.hearth.backend.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogStop;
import dev.hearth.protocol.LogStreamId;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent mailbox against the real hub and PostgreSQL: messages written for a host reach its agent
 * over the real channel in the order written — at once when it is connected, after its Hello when it
 * was away — and a message nobody took in time is dropped.
 */
@QuarkusTest
class AgentMailboxIT {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures fixtures;

    @Inject
    AgentMailbox mailbox;

    @Inject
    EntityManager em;

    private final List<ProtocolPeer> peers = new ArrayList<>();

    @BeforeEach
    @AfterEach
    void clean() {
        peers.forEach(ProtocolPeer::close);
        peers.clear();
        fixtures.removeTestHosts();
    }

    @Test
    void aConnectedAgentGetsMessagesInTheOrderTheyWereWritten() {
        EnrolledHost host = fixtures.enrol("mail-order");
        ProtocolPeer agent = online(host);

        for (int i = 0; i < 30; i++) {
            mailbox.send(host.id(), new LogStop(new LogStreamId.Build("b" + i)));
        }

        List<String> received = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            received.add(agent.next(LogStop.class, WAIT).stream().name());
        }
        assertThat(received).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "build/b" + i).toList());
        Eventually.until("the sent rows are deleted", WAIT, () -> waiting(host.id()) == 0);
    }

    @Test
    void messagesWrittenWhileTheAgentWasAwayArriveAfterItsHelloInOrder() {
        EnrolledHost host = fixtures.enrol("mail-away");
        ProtocolPeer first = online(host);
        first.close();
        Eventually.until("the hub lets go of the closed connection", WAIT, () -> !connectionsHold(host.id()));

        mailbox.send(host.id(), new LogStop(new LogStreamId.Build("one")));
        mailbox.send(host.id(), new LogStop(new LogStreamId.Build("two")));
        assertThat(waiting(host.id())).isEqualTo(2);

        ProtocolPeer again = online(host);
        assertThat(again.next(LogStop.class, WAIT).stream().name()).isEqualTo("build/one");
        assertThat(again.next(LogStop.class, WAIT).stream().name()).isEqualTo("build/two");
        Eventually.until("the sent rows are deleted", WAIT, () -> waiting(host.id()) == 0);
    }

    @Test
    void aMessageNobodyTookInTimeExpiresAndIsNeverSent() {
        EnrolledHost host = fixtures.enrol("mail-expiry");
        mailbox.send(host.id(), new LogStop(new LogStreamId.Build("stale")));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE agent_outbox SET expires_at = now() - interval '1 second' WHERE host_id = :h")
                .setParameter("h", host.id()).executeUpdate());
        mailbox.send(host.id(), new LogStop(new LogStreamId.Build("fresh")));

        ProtocolPeer agent = online(host);
        assertThat(agent.next(LogStop.class, WAIT).stream().name()).isEqualTo("build/fresh");
        assertThatThrownBy(() -> agent.next(LogStop.class, Duration.ofSeconds(1))).isInstanceOf(AssertionError.class);

        assertThat(mailbox.expire()).isEqualTo(1);
        assertThat(waiting(host.id())).isZero();
    }

    @Test
    void aMessageWrittenInARolledBackTransactionIsNeverSent() {
        EnrolledHost host = fixtures.enrol("mail-rollback");
        ProtocolPeer agent = online(host);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            mailbox.send(host.id(), new LogStop(new LogStreamId.Build("rolled-back")));
            throw new IllegalStateException("the caller's work failed");
        })).isInstanceOf(IllegalStateException.class);
        mailbox.send(host.id(), new LogStop(new LogStreamId.Build("committed")));

        assertThat(agent.next(LogStop.class, WAIT).stream().name()).isEqualTo("build/committed");
        Eventually.until("the sent row is deleted", WAIT, () -> waiting(host.id()) == 0);
        assertThatThrownBy(() -> agent.next(LogStop.class, Duration.ofMillis(500))).isInstanceOf(AssertionError.class);
    }

    @Inject
    AgentConnections connections;

    private boolean connectionsHold(UUID hostId) {
        return connections.holds(hostId);
    }

    private ProtocolPeer online(EnrolledHost host) {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        peers.add(peer);
        peer.send(new Hello(host.name(), "test", new Capacity(2, 4096L * 1024 * 1024, 10)));
        Eventually.until("the hub holds host " + host.name(), WAIT, () -> connectionsHold(host.id()));
        return peer;
    }

    private long waiting(UUID hostId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM agent_outbox WHERE host_id = :h").setParameter("h", hostId).getSingleResult()).longValue());
    }
}
