package dev.hearth.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13's "Prove it" on a real stack (docs/portal.md, "Terminal"): the packaged backend, a real agent, its
 * real cluster with the WASI node, the toolbox container and Chromium. alice opens the terminal from the cluster
 * page and kubectl lists her WASI node Ready; the window's size reaches the shell ({@code tput cols}); a reload
 * replays the earlier output into the same shell ({@code $$} unchanged); "Run in terminal" on the guided demo's
 * first step runs it there. bob's socket to her terminal is refused with 404. Deleting the cluster closes the
 * open terminal with its message and removes the toolbox container.
 */
@Timeout(600)
class TerminalSystemIT {

    /** The Keycloak dev realm redirects only to the portal's known ports; 8082 is the page tests' one. */
    private static final int PORT = 8082;
    private static final String APP = "http://localhost:" + PORT;
    private static final Path SCREENSHOTS = RunPaths.target("screenshots");
    /**
     * Between columns: xterm.js's DOM rows may render runs of spaces as no-break spaces. Playwright matches
     * patterns in JavaScript, which has no {@code \Q...\E}, so names are escaped by hand (a node name's only
     * special character is '.').
     */
    private static final String GAP = "[\\s\u00a0]+";
    private static final Duration GONE_WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static Agent agent;

    @BeforeAll
    static void start() {
        agent = STACK.startAgent("terminal");
    }

    @Test
    void aliceWorksInHerClusterFromTheBrowserAndNobodyElseCan() throws Exception {
        assertThat(NodeImages.toolbox()).as("node-image/build-images.sh builds the toolbox image").isPresent();
        WasiCluster cluster = WasiCluster.request(STACK, STACK.api().as("alice"), agent, "term-e2e");
        String id = cluster.id();
        try (BrowserContext alice = CHROMIUM.newContext(); BrowserContext bob = CHROMIUM.newContext()) {
            Page page = alice.newPage();
            SystemBrowser.signIn(page, APP, "alice");
            page.navigate(APP + "/clusters/" + id);
            Page terminal = page.waitForPopup(() -> link(page, "Open terminal").click());
            Locator screen = terminal.locator(".xterm-rows");
            assertThat(terminal.getByLabel("Terminal status")).hasText("Open");
            // The toolbox's prompt names the cluster (node-image/toolbox/bashrc): the shell is up.
            assertThat(screen).containsText("$");

            // kubectl works out of the box with the owner's kubeconfig, and sees the WASI node.
            type(terminal, "kubectl get nodes");
            assertThat(screen).containsText(Pattern.compile(cluster.node().replace(".", "\\.") + GAP + "Ready"));
            screenshot(terminal, "kubectl");

            // The window's size reaches the shell's TTY.
            int wide = number(terminal, "wide", "$(tput cols)");
            terminal.setViewportSize(640, 480);
            int[] attempt = {0};
            int narrow = Waits.until("tput cols to follow the narrower window (was " + wide + ")", Duration.ofSeconds(30),
                    () -> number(terminal, "narrow" + ++attempt[0], "$(tput cols)"), cols -> cols < wide);
            assertThat(narrow).isLessThan(wide);

            // A reload resumes the same shell and replays what it printed.
            int shell = number(terminal, "before", "$$");
            terminal.reload();
            assertThat(terminal.getByLabel("Terminal status")).hasText("Open");
            assertThat(screen).containsText("before=" + shell);
            assertThat(number(terminal, "after", "$$")).as("the shell's pid after the reload").isEqualTo(shell);
            screenshot(terminal, "reloaded");

            // "Run in terminal" on the guided demo's first step types it into the open terminal, which runs it.
            Page demo = alice.newPage();
            demo.navigate(APP + "/demo");
            demo.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run step 1 in terminal").setExact(true)).click();
            assertThat(screen).containsText("kubectl get nodes -o wide");
            // -o wide's own columns, printed by the toolbox's kubectl.
            assertThat(screen).containsText("INTERNAL-IP");
            demo.close();
            screenshot(terminal, "demo-step");

            // bob, signed in, is refused alice's terminal: on the page and on the socket.
            Page bobs = bob.newPage();
            SystemBrowser.signIn(bobs, APP, "bob");
            assertThat(bobs.navigate(APP + "/clusters/" + id + "/terminal").status()).isEqualTo(404);
            assertThat(socketStatus(id, bob)).as("bob's WebSocket to alice's terminal").isEqualTo(404);

            // Deleting the cluster closes the open terminal with its reason and removes the toolbox.
            assertThat(toolboxes(id)).as("the cluster's toolbox container, started on first use").isEqualTo(1);
            STACK.api().as("alice").deleteCluster(id);
            assertThat(terminal.getByLabel("Terminal status")).hasText(Pattern.compile("Closed: .*deleted"));
            screenshot(terminal, "deleted");
            Waits.until("no toolbox container of cluster " + id, GONE_WITHIN, () -> toolboxes(id) == 0);
        }
    }

    /** Types a command into the terminal as a person would, and presses Enter. */
    private static void type(Page terminal, String command) {
        terminal.locator(".xterm").click();
        terminal.keyboard().type(command);
        terminal.keyboard().press("Enter");
    }

    /** Runs {@code echo <marker>=<expression>} in the shell and reads the number it printed from the screen. */
    private static int number(Page terminal, String marker, String expression) {
        type(terminal, "echo " + marker + "=" + expression);
        Pattern printed = Pattern.compile(marker + "=(\\d+)");
        Locator screen = terminal.locator(".xterm-rows");
        assertThat(screen).containsText(Pattern.compile(marker + "=\\d+"));
        Matcher found = printed.matcher(screen.innerText());
        if (!found.find()) {
            throw new AssertionError("no line " + marker + "=<number> on the screen: " + screen.innerText());
        }
        return Integer.parseInt(found.group(1));
    }

    /** The HTTP status the backend answers a WebSocket upgrade to {@code id}'s terminal with, in {@code who}'s session. */
    private static int socketStatus(String id, BrowserContext who) throws Exception {
        String cookies = who.cookies(APP).stream().map(c -> c.name + "=" + c.value).collect(Collectors.joining("; "));
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder().header("Cookie", cookies)
                    // As the portal's own page would: without it the cross-site check answers 403 first.
                    .header("Origin", APP)
                    .buildAsync(URI.create("ws://localhost:" + PORT + "/clusters/" + id + "/terminal/socket?cols=80&rows=24"),
                            new WebSocket.Listener() { })
                    .get(30, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static long toolboxes(String clusterId) {
        return STACK.docker().containersOfCluster(clusterId).stream()
                .filter(c -> "toolbox".equals(c.getLabels().get(DockerObjects.ROLE))).count();
    }

    private static Locator link(Page page, String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("terminal-" + name + ".png")));
    }
}
