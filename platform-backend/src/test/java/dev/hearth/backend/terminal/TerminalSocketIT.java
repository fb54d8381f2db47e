package dev.hearth.backend.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.PortalSession;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser terminal's socket over the real backend, real Keycloak sessions and the real agent
 * channel (the seat's host agent is a protocol peer; the toolbox's shell side is ShellSessionsIT's and
 * ToolboxIT's): alice's keystrokes reach her cluster's toolbox and its output reaches her; bob's socket
 * and a foreign page's are refused before the upgrade; irene watches alice's seat read-only, her
 * keystrokes never leave the backend, and alice is told she is being watched; the host going away
 * closes the terminal with a message; every open, watch and close is audited.
 */
@QuarkusTest
class TerminalSocketIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    private final List<AutoCloseable> open = new ArrayList<>();
    private ProtocolPeer agent;
    private String classroomId;
    private String seatId;
    private String clusterId;

    @BeforeAll
    static void apiServer() {
        apiServer = ControlPlane.start();
    }

    @AfterAll
    static void stopApiServer() {
        apiServer.close();
    }

    @BeforeEach
    void aliceHasASeatWithAReadyCluster() {
        hosts.removeTestHosts();
        classrooms.removeAll();
        fixtures.forget("alice", "bob");
        // Sockets of an earlier test close asynchronously; the limits must start from none open.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE terminal_session SET closed_at = now() WHERE closed_at IS NULL").executeUpdate());
        Map<String, Object> room = ClassroomFixtures.create("Terminals", 1);
        classroomId = (String) room.get("id");
        @SuppressWarnings("unchecked")
        String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
        Response joined = Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join");
        seatId = joined.path("seatId");
        clusterId = joined.path("clusterId");
        EnrolledHost host = hosts.enrol("terminal");
        agent = ProtocolPeer.connect(base, host.bearer());
        open.add(agent);
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L * 1024 * 1024, 20)));
        agent.next(DesiredClusters.class, WAIT);
        long generation = agent.desiredWith(clusterId, true, WAIT).clusters().getFirst().generation();
        agent.send(new Credentials(clusterId, apiServer.adminKubeconfig()));
        agent.send(new ClusterObserved(clusterId, generation, ObservedPhase.READY, null, apiServer.server(), null));
        Eventually.until("the seat's cluster is READY", WAIT, () -> "READY".equals(classrooms.phase(clusterId)));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        hosts.removeTestHosts();
        classrooms.removeAll();
    }

    @Test
    void theOwnerTypesIntoHerToolboxShellAndSeesItsOutput() {
        PortalSession alice = PortalSession.signIn(base, "alice");
        HttpResponse<String> page = alice.exchange(alice.request("/clusters/" + clusterId + "/terminal").header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<hearth-terminal", "xterm-6.0.0.js", "/clusters/" + clusterId + "/terminal/socket");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("style-src 'self' 'unsafe-inline'")
                .contains("script-src 'self'");

        Browser socket = connect(alice, "/clusters/" + clusterId + "/terminal/socket?cols=120&rows=40", base.toString());
        TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
        assertThat(opened.clusterId()).isEqualTo(clusterId);
        assertThat(opened.target()).isEqualTo(new TunnelTarget.Exec("toolbox", List.of("bash", "-l"), 120, 40, "terminal", false));
        agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));
        agent.send(new TunnelData(opened.tunnelId(), 1, "alice@toolbox$ ".getBytes(StandardCharsets.UTF_8)));
        Eventually.until("the prompt reached the browser", WAIT, () -> socket.screen().contains("alice@toolbox$ "));

        socket.send("{\"type\":\"input\",\"data\":\"kubectl get nodes\\r\"}");
        assertThat(new String(agent.next(TunnelData.class, WAIT).bytes(), StandardCharsets.UTF_8)).isEqualTo("kubectl get nodes\r");
        socket.send("{\"type\":\"resize\",\"cols\":200,\"rows\":50}");
        assertThat(agent.next(TunnelResize.class, WAIT)).isEqualTo(new TunnelResize(opened.tunnelId(), 200, 50));

        socket.close();
        TunnelClose detached = agent.next(TunnelClose.class, WAIT);
        assertThat(detached.detach()).as("a reload resumes the same shell").isTrue();
        Eventually.until("the close is audited", WAIT, () -> fixtures.audit("cluster", clusterId).contains("terminal.close by alice via oidc"));
        assertThat(fixtures.audit("cluster", clusterId)).contains("terminal.open by alice via oidc");
    }

    @Test
    void anotherPersonsSocketAndAForeignPagesSocketAreRefusedBeforeTheUpgrade() {
        PortalSession bob = PortalSession.signIn(base, "bob");
        assertThat(bob.exchange(bob.request("/clusters/" + clusterId + "/terminal").header("Accept", "text/html")).statusCode())
                .isEqualTo(404);
        assertThat(refusal(bob, "/clusters/" + clusterId + "/terminal/socket", base.toString())).isEqualTo(404);
        assertThat(refusal(bob, "/classrooms/" + classroomId + "/seats/" + seatId + "/terminal/socket", base.toString()))
                .as("bob runs no classroom").isEqualTo(404);
        PortalSession alice = PortalSession.signIn(base, "alice");
        assertThat(refusal(alice, "/classrooms/" + classroomId + "/seats/" + seatId + "/terminal/socket", base.toString()))
                .as("a participant cannot watch her own seat as an instructor").isEqualTo(404);
        assertThat(refusal(alice, "/clusters/" + clusterId + "/terminal/socket", "https://evil.example"))
                .as("a socket opened by another site's page with alice's cookie").isEqualTo(403);
        assertThat(refusal(null, "/clusters/" + clusterId + "/terminal/socket", base.toString())).isIn(302, 401, 404);
        assertThat(agent.isClosed()).isFalse();
    }

    @Test
    void theInstructorWatchesReadOnlyAndTheParticipantIsToldSo() {
        PortalSession alice = PortalSession.signIn(base, "alice");
        Browser own = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());
        TunnelOpen ownTunnel = agent.next(TunnelOpen.class, WAIT);
        agent.send(new TunnelData(ownTunnel.tunnelId(), 0, new byte[0]));

        PortalSession irene = PortalSession.signIn(base, "irene");
        assertThat(irene.exchange(irene.request("/classrooms/" + classroomId + "/seats/" + seatId + "/terminal")
                .header("Accept", "text/html")).body()).contains("data-watch=\"true\"");
        Browser watcher = connect(irene, "/classrooms/" + classroomId + "/seats/" + seatId + "/terminal/socket", base.toString());
        TunnelOpen watchTunnel = agent.next(TunnelOpen.class, WAIT);
        assertThat(((TunnelTarget.Exec) watchTunnel.target()).watch()).isTrue();
        assertThat(((TunnelTarget.Exec) watchTunnel.target()).session()).isEqualTo("terminal");
        assertThat(watchTunnel.clusterId()).isEqualTo(clusterId);
        agent.send(new TunnelData(watchTunnel.tunnelId(), 0, new byte[0]));
        agent.send(new TunnelData(watchTunnel.tunnelId(), 1, "what alice sees".getBytes(StandardCharsets.UTF_8)));
        Eventually.until("irene sees the shell", WAIT, () -> watcher.screen().contains("what alice sees"));
        Eventually.until("alice is told", WAIT, () -> own.notices().stream().anyMatch(n -> n.contains("\"by\":[\"irene\"]")));

        watcher.send("{\"type\":\"input\",\"data\":\"rm -rf ~\\r\"}");
        watcher.send("{\"type\":\"resize\",\"cols\":10,\"rows\":5}");
        own.send("{\"type\":\"input\",\"data\":\"x\"}");
        // alice's keystroke is the next tunnel frame the agent gets: irene's never left the backend.
        TunnelData next = agent.next(TunnelData.class, WAIT);
        assertThat(next.tunnelId()).isEqualTo(ownTunnel.tunnelId());
        assertThat(new String(next.bytes(), StandardCharsets.UTF_8)).isEqualTo("x");

        watcher.close();
        assertThat(agent.next(TunnelClose.class, WAIT).tunnelId()).isEqualTo(watchTunnel.tunnelId());
        Eventually.until("alice is told nobody watches", WAIT, () -> own.notices().getLast().contains("\"by\":[]"));
        assertThat(fixtures.audit("cluster", clusterId)).contains("terminal.watch by irene via oidc");
    }

    @Test
    void aFifthTerminalOfOnePersonIsRefusedSayingWhichLimit() {
        PortalSession alice = PortalSession.signIn(base, "alice");
        for (int i = 0; i < 4; i++) {
            connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());
            agent.next(TunnelOpen.class, WAIT);
        }

        Browser fifth = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());

        Eventually.until("the fifth is told why", WAIT, () -> fifth.notices().stream()
                .anyMatch(n -> n.contains("\"type\":\"closed\"") && n.contains("you have 4 terminals open")));
        fifth.closed.join();
    }

    @Test
    void theHostGoingAwayClosesTheTerminalWithAMessage() {
        PortalSession alice = PortalSession.signIn(base, "alice");
        Browser socket = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());
        TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
        agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));

        agent.close();

        Eventually.until("the browser is told", WAIT, () -> socket.notices().stream()
                .anyMatch(n -> n.contains("\"type\":\"closed\"") && n.contains("the cluster's host disconnected")));
        socket.closed.join();
    }

    private Browser connect(PortalSession session, String path, String origin) {
        Browser browser = new Browser();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + path);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin.replaceAll("/$", ""));
        if (session != null) {
            builder.header("Cookie", session.cookieHeader());
        }
        browser.socket = builder.buildAsync(uri, browser).join();
        open.add(browser);
        return browser;
    }

    /** The HTTP status the upgrade was answered with. */
    private int refusal(PortalSession session, String path, String origin) {
        try {
            connect(session, path, origin);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade to " + path + " was accepted");
    }

    /** A browser's end of the terminal socket: output bytes and JSON notices as they arrive. */
    static final class Browser implements WebSocket.Listener, AutoCloseable {
        WebSocket socket;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final List<String> notices = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            synchronized (output) {
                output.writeBytes(bytes);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                notices.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String screen() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        List<String> notices() {
            return notices;
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null).join();
            }
        }
    }
}
