package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal page in Chromium (xterm.js under the page's CSP): alice opens her seat cluster's terminal,
 * what she types reaches the cluster's host agent (a protocol peer on the real channel: the toolbox's
 * side is ShellSessionsIT's and ToolboxIT's), the shell's output shows, a smaller window sends a resize, a
 * reload attaches to the same named shell and shows what it replays; irene watches from the board
 * read-only and alice's page says she is being watched; the host going away closes the terminal with
 * its reason and "Reopen terminal" opens a new one. A fifth terminal window of alice's says which limit
 * refused it, her four others go on, and once she closes one "Reopen terminal" opens.
 */
@QuarkusTest
class TerminalBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URL app;

    @Inject
    HostFixtures hosts;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    Fixtures fixtures;

    ProtocolPeer agent;
    EnrolledHost host;
    String clusterId;
    String classroomId;
    String seatId;

    @BeforeAll
    static void apiServer() {
        apiServer = ControlPlane.start();
    }

    @AfterAll
    static void stopApiServer() {
        apiServer.close();
    }

    @BeforeEach
    void aliceHasASeatWithAReadyCluster() throws Exception {
        hosts.removeTestHosts();
        classrooms.removeAll();
        fixtures.forget("alice");
        // Sockets of an earlier test close asynchronously; the limit must start from none open.
        fixtures.closeOpenTerminals();
        Map<String, Object> room = ClassroomFixtures.create("Terminal page", 1);
        classroomId = (String) room.get("id");
        @SuppressWarnings("unchecked")
        String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
        Response joined = Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join");
        seatId = joined.path("seatId");
        clusterId = joined.path("clusterId");
        host = hosts.enrol("terminal-page");
        agent = online();
        agent.reportReady(clusterId, apiServer.adminKubeconfig(), apiServer.server(), WAIT);
        Eventually.until("the seat's cluster is READY", WAIT, () -> "READY".equals(classrooms.phase(clusterId)));
    }

    @AfterEach
    void cleanUp() {
        agent.close();
        hosts.removeTestHosts();
        classrooms.removeAll();
    }

    @Test
    void aliceTypesResizesReloadsIntoTheSameShellAndIsToldWhenWatched() {
        try (Visitor alice = chromium.signIn(app, "terminal-alice", "alice")) {
            alice.open("/clusters/" + clusterId);
            assertThat(alice.link("Open terminal")).hasAttribute("href", "/clusters/" + clusterId + "/terminal");
            alice.open("/clusters/" + clusterId + "/terminal");
            TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
            TunnelTarget.Exec shell = (TunnelTarget.Exec) opened.target();
            assertThat(shell.session()).isEqualTo("terminal");
            assertThat(shell.watch()).isFalse();
            agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));
            agent.send(new TunnelData(opened.tunnelId(), 1, bytes("alice@" + clusterId + ":~$ ")));
            Locator screen = alice.page().locator(".xterm-rows");
            assertThat(screen).containsText("alice@" + clusterId + ":~$");
            assertThat(alice.page().getByLabel("Terminal status")).hasText("Open");

            alice.page().locator(".xterm").click();
            alice.page().keyboard().type("kubectl get nodes");
            alice.page().keyboard().press("Enter");
            assertThat(typed(opened.tunnelId(), "kubectl get nodes\r")).isEqualTo("kubectl get nodes\r");
            agent.send(new TunnelData(opened.tunnelId(), 2, bytes("kubectl get nodes\r\nNAME        STATUS\r\nalice-wasi  Ready\r\n$ ")));
            assertThat(screen).containsText("alice-wasi");
            alice.screenshot("typed");

            int cols = shell.cols();
            alice.page().setViewportSize(640, 480);
            TunnelResize resize = agent.next(TunnelResize.class, WAIT);
            assertThat(resize.cols()).isLessThan(cols);

            alice.page().reload();
            // The old socket's close and the new one's open may reach the agent in either order.
            TunnelClose left = null;
            TunnelOpen again = null;
            while (left == null || again == null) {
                AgentMessage next = agent.next(AgentMessage.class, m -> m instanceof TunnelClose || m instanceof TunnelOpen, WAIT);
                if (next instanceof TunnelClose close) {
                    left = close;
                } else {
                    again = (TunnelOpen) next;
                }
            }
            assertThat(left.tunnelId()).isEqualTo(opened.tunnelId());
            assertThat(left.detach()).as("the shell is kept for the reload").isTrue();
            assertThat(((TunnelTarget.Exec) again.target()).session()).isEqualTo("terminal");
            agent.send(new TunnelData(again.tunnelId(), 0, new byte[0]));
            agent.send(new TunnelData(again.tunnelId(), 1, bytes("NAME        STATUS\r\nalice-wasi  Ready\r\n$ ")));
            assertThat(screen).containsText("alice-wasi");

            // "Run in terminal" on the guided demo, in another tab: the open terminal types the step's commands,
            // as the toolbox runs them (its own kubeconfig, no download).
            com.microsoft.playwright.Page demo = alice.context().newPage();
            demo.navigate(alice.url("/demo"));
            demo.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new com.microsoft.playwright.Page.GetByRoleOptions().setName("Run step 1 in terminal").setExact(true)).click();
            assertThat(typed(again.tunnelId(), "kubectl get nodes -o wide\r")).isEqualTo("kubectl get nodes -o wide\r");
            demo.close();

            try (Visitor irene = chromium.signIn(app, "terminal-irene", "irene")) {
                irene.open("/classrooms/" + classroomId);
                assertThat(irene.link("Watch terminal of seat 1")).isVisible();
                irene.open("/classrooms/" + classroomId + "/seats/" + seatId + "/terminal");
                TunnelOpen watch = agent.next(TunnelOpen.class, WAIT);
                assertThat(((TunnelTarget.Exec) watch.target()).watch()).isTrue();
                agent.send(new TunnelData(watch.tunnelId(), 0, new byte[0]));
                agent.send(new TunnelData(watch.tunnelId(), 1, bytes("what alice sees")));
                assertThat(irene.page().locator(".xterm-rows")).containsText("what alice sees");
                assertThat(irene.page().getByLabel("Terminal status")).hasText("Watching (read-only)");
                assertThat(alice.page().getByLabel("Being watched")).hasText("Being watched by irene");
                alice.screenshot("watched");
            }
            assertThat(alice.page().getByLabel("Being watched")).isHidden();

            agent.close();
            assertThat(alice.page().getByLabel("Terminal status")).hasText("Closed: the cluster's host disconnected");
            agent = online();
            alice.button("Reopen terminal").click();
            TunnelOpen reopened = agent.next(TunnelOpen.class, WAIT);
            agent.send(new TunnelData(reopened.tunnelId(), 0, new byte[0]));
            agent.send(new TunnelData(reopened.tunnelId(), 1, bytes("fresh$ ")));
            assertThat(screen).containsText("fresh$");
        }
    }

    @Test
    void aTerminalOverTheLimitSaysWhichOnThePageAndTheOpenOnesGoOn() {
        try (Visitor alice = chromium.signIn(app, "terminal-limit", "alice")) {
            // Four terminal windows: as many as one person may have open (hearth.terminal.max-per-user).
            List<Page> windows = new ArrayList<>();
            List<String> tunnels = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Page window = alice.context().newPage();
                window.navigate(alice.url("/clusters/" + clusterId + "/terminal"));
                TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
                agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));
                agent.send(new TunnelData(opened.tunnelId(), 1, bytes("window" + i + "$ ")));
                assertThat(window.getByLabel("Terminal status")).hasText("Open");
                windows.add(window);
                tunnels.add(opened.tunnelId());
            }

            alice.open("/clusters/" + clusterId + "/terminal");

            assertThat(alice.page().getByLabel("Terminal status")).hasText(
                    "Closed: you have 4 terminals open, the most allowed (hearth.terminal.max-per-user); close one first");
            assertThat(alice.button("Reopen terminal")).isVisible();
            alice.screenshot("limit");
            // The four go on: the first one's keystrokes still reach its shell.
            windows.getFirst().locator(".xterm").click();
            windows.getFirst().keyboard().type("ok");
            assertThat(typed(tunnels.getFirst(), "ok")).isEqualTo("ok");
            assertThat(windows.getFirst().getByLabel("Terminal status")).hasText("Open");

            // Closing a window frees its place, and "Reopen terminal" opens.
            windows.removeLast().close();
            Eventually.until("the closed window no longer counts", WAIT, () -> fixtures.audit("cluster", clusterId).stream()
                    .anyMatch(a -> a.contains("terminal.close by alice")));
            alice.button("Reopen terminal").click();
            TunnelOpen reopened = agent.next(TunnelOpen.class, WAIT);
            agent.send(new TunnelData(reopened.tunnelId(), 0, new byte[0]));
            agent.send(new TunnelData(reopened.tunnelId(), 1, bytes("fifth$ ")));
            assertThat(alice.page().locator(".xterm-rows")).containsText("fifth$");
            assertThat(alice.page().getByLabel("Terminal status")).hasText("Open");
        }
    }

    /** The keystrokes the agent got on {@code tunnel} until they spell {@code expected} (xterm.js sends one frame per key). */
    private String typed(String tunnel, String expected) {
        StringBuilder typed = new StringBuilder();
        Instant deadline = Instant.now().plus(WAIT);
        while (!typed.toString().equals(expected) && Instant.now().isBefore(deadline)) {
            TunnelData data = agent.next(TunnelData.class, d -> d.tunnelId().equals(tunnel), WAIT);
            typed.append(new String(data.bytes(), StandardCharsets.UTF_8));
        }
        return typed.toString();
    }

    private ProtocolPeer online() {
        return ProtocolPeer.online(java.net.URI.create(app.toString()), host, WAIT);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
