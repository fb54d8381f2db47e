package dev.hearth.backend.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.PortalSession;
import dev.hearth.backend.testing.ProtocolPeer;
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
import java.util.UUID;
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
 * keystrokes never leave the backend, and alice is told she is being watched; a fifth terminal of hers
 * and one on a host with 100 open are refused with a message and a problem+json document naming the
 * limit, while the open ones go on; the host going away closes the terminal with a message; every
 * open, watch and close is audited.
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
        fixtures.closeOpenTerminals();
        Map<String, Object> room = ClassroomFixtures.create("Terminals", 1);
        classroomId = (String) room.get("id");
        @SuppressWarnings("unchecked")
        String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
        Response joined = Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join");
        seatId = joined.path("seatId");
        clusterId = joined.path("clusterId");
        agent = ProtocolPeer.online(base, hosts.enrol("terminal"), WAIT);
        open.add(agent);
        agent.reportReady(clusterId, apiServer.adminKubeconfig(), apiServer.server(), WAIT);
        Eventually.until("the seat's cluster is READY", WAIT, () -> "READY".equals(classrooms.phase(clusterId)));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        // Rows a test wrote for other replicas' terminals must not count toward another class's limits.
        fixtures.closeOpenTerminals();
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
    void aFifthTerminalOfOnePersonIsRefusedSayingWhichLimitAndTheOthersGoOn() {
        PortalSession alice = PortalSession.signIn(base, "alice");
        List<String> tunnels = new ArrayList<>();
        Browser first = null;
        for (int i = 0; i < 4; i++) {
            Browser socket = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());
            first = first == null ? socket : first;
            TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
            agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));
            tunnels.add(opened.tunnelId());
        }

        Browser fifth = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());

        String refusal = Eventually.get("the fifth is told why", WAIT, () -> fifth.notices().stream()
                .filter(n -> n.contains("\"type\":\"closed\"")).findFirst().orElse(null));
        assertThat(refusal).contains("you have 4 terminals open, the most allowed (hearth.terminal.max-per-user); close one first");
        assertThat(problem(refusal)).containsEntry("type", "https://hearth.dev/problems/terminal-limit")
                .containsEntry("status", 429).containsEntry("title", "Too many terminals")
                .containsEntry("instance", "/clusters/" + clusterId + "/terminal/socket");
        fifth.closed.join();
        // The four open terminals go on: a keystroke in the first still reaches its shell.
        first.send("{\"type\":\"input\",\"data\":\"still here\"}");
        TunnelData typed = agent.next(TunnelData.class, WAIT);
        assertThat(typed.tunnelId()).isEqualTo(tunnels.getFirst());
        assertThat(new String(typed.bytes(), StandardCharsets.UTF_8)).isEqualTo("still here");
        assertThat(fixtures.audit("cluster", clusterId)).filteredOn(a -> a.contains("terminal.open by alice")).hasSize(4);
    }

    @Test
    void aFullHostRefusesANewTerminalSayingSoUntilItsTerminalsClose() {
        // 100 open terminals of other people on this host, held by another replica (hearth.terminal.max-per-host).
        List<UUID> others = fillHost(100);
        PortalSession alice = PortalSession.signIn(base, "alice");

        Browser refused = connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());

        String refusal = Eventually.get("alice is told why", WAIT, () -> refused.notices().stream()
                .filter(n -> n.contains("\"type\":\"closed\"")).findFirst().orElse(null));
        assertThat(refusal).contains("the host of this cluster has 100 terminals open, its limit; try again in a few minutes");
        assertThat(problem(refusal)).containsEntry("type", "https://hearth.dev/problems/terminal-limit").containsEntry("status", 429);
        refused.closed.join();
        assertThat(agent.isClosed()).as("the host's channel is untouched").isFalse();

        // One of them closes: alice's next try opens.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE terminal_session SET closed_at = now() WHERE id = :id")
                .setParameter("id", others.getFirst()).executeUpdate());
        connect(alice, "/clusters/" + clusterId + "/terminal/socket", base.toString());
        assertThat(agent.next(TunnelOpen.class, WAIT).clusterId()).isEqualTo(clusterId);
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

    /** Open session rows of bob's on this test's host, as another replica holding his sockets would have them. */
    private List<UUID> fillHost(int count) {
        Api.as("bob").get("/api/v1/clusters").then().statusCode(200);
        List<UUID> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            UUID bob = (UUID) em.createNativeQuery("SELECT id FROM app_user WHERE username = 'bob'").getSingleResult();
            UUID hostId = (UUID) em.createNativeQuery("SELECT host_id FROM cluster WHERE id = :c").setParameter("c", clusterId)
                    .getSingleResult();
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                em.createNativeQuery("""
                                INSERT INTO terminal_session (id, cluster_id, host_id, user_id, username, watch, opened_at, seen_at)
                                VALUES (:id, :c, :h, :u, 'bob', false, now(), now())""")
                        .setParameter("id", id).setParameter("c", "bob-" + i).setParameter("h", hostId).setParameter("u", bob)
                        .executeUpdate();
                ids.add(id);
            }
        });
        return ids;
    }

    /** The problem+json document in a {@code closed} notice. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> problem(String notice) {
        try {
            return (Map<String, Object>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(notice, Map.class).get("problem");
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + notice, e);
        }
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
