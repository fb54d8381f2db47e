package dev.hearth.system;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal as a person in Chromium meets it (bench/terminal; docs/BENCHMARKS.md, "Terminal"), on the
 * packaged backend, a real agent, a real cluster and its toolbox: terminal page opened → prompt on the
 * screen, with the toolbox cold (first use) and warm (a new shell each time); and keystroke → echo on the
 * screen, through the browser's WebSocket, the backend, the agent channel, docker exec's TTY and back
 * into xterm.js. Both are timed inside the page on the browser's clock: from navigation start, and from
 * the trusted {@code keydown} event's time stamp to the DOM mutation that shows the echoed character
 * (xterm.js renders on the next animation frame, so a frame is part of what a person waits for), and
 * separately to the echo's WebSocket frame reaching the page (the network and server part).
 * Not part of the suite (no Test/IT suffix); bounded by its timeout and a fixed count of keystrokes.
 */
class TerminalBrowserBench {

    /** The Keycloak dev realm redirects only to the portal's known ports; 8082 is the page tests' one. */
    private static final int PORT = 8082;
    private static final String APP = "http://localhost:" + PORT;
    private static final int WARM_OPENS = 10;
    private static final int PER_LINE = 40;
    /**
     * Installed before the page's own scripts: the last trusted keydown's time, and the first time the
     * screen shows the text the bench waits for ({@code __hearthExpect}).
     */
    private static final String PROBE = """
            window.__hearthKeydown = null; window.__hearthEcho = null; window.__hearthExpect = null; window.__hearthFrame = null;
            // When the first output frame after a keystroke arrives, before xterm.js parses and draws it: this
            // listener is added before the page's own handler, so it runs first.
            const NativeWebSocket = window.WebSocket;
            window.WebSocket = function (url, protocols) {
              const socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
              socket.addEventListener('message', e => {
                if (typeof e.data !== 'string' && window.__hearthFrame === null) window.__hearthFrame = performance.now();
              });
              return socket;
            };
            window.WebSocket.prototype = NativeWebSocket.prototype;
            Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            document.addEventListener('keydown', e => { if (e.isTrusted) window.__hearthKeydown = e.timeStamp; }, true);
            new MutationObserver(() => {
              const rows = document.querySelector('.xterm-rows');
              if (window.__hearthExpect && rows && rows.textContent.includes(window.__hearthExpect)) {
                window.__hearthEcho = performance.now();
                window.__hearthExpect = null;
              }
            }).observe(document, { childList: true, subtree: true, characterData: true });
            """;
    /** The prompt ends in "$ " (node-image/toolbox/bashrc); xterm.js may render its space as a no-break space. */
    private static final String PROMPT_SHOWN = """
            () => { const rows = document.querySelector('.xterm-rows');
                    return rows && /\\$[\\s\\u00a0]/.test(rows.textContent) ? performance.now() : null; }""";

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static Agent agent;
    private final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void start() {
        agent = STACK.startAgent("terminal-bench");
    }

    @Test
    @Timeout(900)
    void measure() {
        int keystrokes = Integer.getInteger("bench.keystrokes", 200);
        WasiCluster cluster = WasiCluster.request(STACK, STACK.api().as("alice"), agent, "term-bench");
        String terminalUrl = APP + "/clusters/" + cluster.id() + "/terminal";
        try (BrowserContext alice = CHROMIUM.newContext()) {
            alice.addInitScript(PROBE);
            Page page = alice.newPage();
            SystemBrowser.signIn(page, APP, "alice");

            double cold = openToPrompt(page, terminalUrl);
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < WARM_OPENS; i++) {
                // The shell exits, so the next open starts a new one (a reload would resume this one).
                type(page, "exit");
                page.keyboard().press("Enter");
                page.waitForFunction("() => document.querySelector('[data-state]').textContent.startsWith('Closed')");
                warm.add(openToPrompt(page, terminalUrl));
            }

            List<Double> echoes = new ArrayList<>();
            List<Double> frames = new ArrayList<>();
            while (echoes.size() < keystrokes) {
                // A marker nobody else's text contains, so each expected string appears once on the screen.
                String marker = "#" + letters(8);
                page.evaluate("m => window.__hearthExpect = m", marker);
                type(page, marker);
                page.waitForFunction("() => window.__hearthExpect === null");
                StringBuilder line = new StringBuilder(marker);
                for (int i = 0; i < PER_LINE && echoes.size() < keystrokes; i++) {
                    String key = letters(1);
                    line.append(key);
                    page.evaluate("m => { window.__hearthExpect = m; window.__hearthEcho = null; window.__hearthFrame = null; }",
                            line.toString());
                    page.keyboard().press(key);
                    page.waitForFunction("() => window.__hearthEcho !== null");
                    @SuppressWarnings("unchecked")
                    List<Number> times = (List<Number>) page.evaluate(
                            "() => [window.__hearthEcho - window.__hearthKeydown, window.__hearthFrame - window.__hearthKeydown]");
                    echoes.add(times.get(0).doubleValue());
                    frames.add(times.get(1).doubleValue());
                }
                page.keyboard().press("Control+U");
            }
            System.out.printf("TERMINAL-BENCH browser: open->prompt (navigation start -> prompt on the screen) toolbox cold %.0f ms;"
                    + " warm p50 %.0f ms p95 %.0f ms max %.0f ms (n=%d)%n", cold, pct(warm, 50), pct(warm, 95), pct(warm, 100), warm.size());
            System.out.printf("TERMINAL-BENCH browser: keystroke->echo on the screen (Chromium, backend, agent, docker exec TTY)"
                    + " p50 %.1f ms p95 %.1f ms max %.1f ms (n=%d)%n", pct(echoes, 50), pct(echoes, 95), pct(echoes, 100), echoes.size());
            System.out.printf("TERMINAL-BENCH browser: of which keystroke->echo frame received by the page (before xterm.js draws it)"
                    + " p50 %.1f ms p95 %.1f ms max %.1f ms%n", pct(frames, 50), pct(frames, 95), pct(frames, 100));
        }
        STACK.api().as("alice").deleteCluster(cluster.id());
    }

    /** Opens the terminal page afresh; @return ms from navigation start until the prompt is on the screen. */
    private static double openToPrompt(Page page, String url) {
        page.navigate(url);
        // Polled on every animation frame (Playwright's default), so the prompt is seen in the frame it is drawn.
        return ((Number) page.waitForFunction(PROMPT_SHOWN).jsonValue()).doubleValue();
    }

    /** Types into the terminal as a person would (the focused xterm.js). */
    private static void type(Page page, String text) {
        page.locator(".xterm").click();
        page.keyboard().type(text);
    }

    private String letters(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index));
    }
}
