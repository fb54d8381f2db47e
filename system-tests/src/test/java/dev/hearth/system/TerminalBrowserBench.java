package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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
 * separately to the echo's WebSocket frame reaching the page (the network and server part). Then the
 * backend's and the agent's side of many open terminal sockets: the classroom's instructor opens
 * {@code bench.watchers} read-only sockets to the seat's terminal (each a WebSocket, a session row and a
 * tunnel through the agent; the seat's one shell is shared, so the toolbox's side is TerminalBench's),
 * and the two processes' resident memory and CPU over an idle window are read from /proc.
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

    private static final int WATCHERS = Integer.getInteger("bench.watchers", 100);
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    /** The idle window over which the processes' CPU is read; a measurement window, not a wait for a condition. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    // The watchers are one person's sockets, so the per-person limit is raised for this bench only.
    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT),
            "hearth.terminal.max-per-user", Integer.toString(WATCHERS + 10),
            "hearth.terminal.max-per-host", Integer.toString(WATCHERS + 10)));
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
    void measure() throws Exception {
        int keystrokes = Integer.getInteger("bench.keystrokes", 200);
        // A classroom seat, so that its instructor can watch the terminal in the last part.
        HearthApi irene = STACK.api().as("irene");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode room = irene.call("POST", "/api/v1/classrooms", Map.of("name", "Terminal bench", "seats", 1,
                "startsAt", now.toString(), "endsAt", now.plus(2, ChronoUnit.HOURS).toString()), 201);
        String classroom = room.path("id").asText();
        irene.call("POST", "/api/v1/classrooms/" + classroom + "/provision", null, 202);
        Waits.until("the seat READY on the board", READY_WITHIN, () -> irene.call("GET", "/api/v1/classrooms/" + classroom, null, 200),
                board -> board.path("counts").path("ready").asInt() == 1);
        JsonNode seat = STACK.api().as("alice").call("POST", "/api/v1/classrooms/join",
                Map.of("code", room.path("joinCode").path("code").asText()), 200);
        String clusterId = seat.path("clusterId").asText();
        String terminalUrl = APP + "/clusters/" + clusterId + "/terminal";
        try (BrowserContext alice = CHROMIUM.newContext(); BrowserContext instructor = CHROMIUM.newContext()) {
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

            Page board = instructor.newPage();
            SystemBrowser.signIn(board, APP, "irene");
            String cookies = instructor.cookies(APP).stream().map(c -> c.name + "=" + c.value).collect(Collectors.joining("; "));
            manySockets(cookies, "/classrooms/" + classroom + "/seats/" + seat.path("seatId").asText() + "/terminal/socket");
        }
        irene.call("POST", "/api/v1/classrooms/" + classroom + "/end", null, 200);
    }

    /** Opens {@link #WATCHERS} sockets at once and reads the backend's and the agent's memory and CPU before and after. */
    private static void manySockets(String cookies, String path) throws Exception {
        long backend = STACK.backend().process().pid();
        long daemon = agent.process().pid();
        Usage backendBefore = Usage.over(backend);
        Usage agentBefore = Usage.over(daemon);
        AtomicInteger attached = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        List<WebSocket> sockets = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < WATCHERS; i++) {
                sockets.add(http.newWebSocketBuilder().header("Cookie", cookies).header("Origin", APP)
                        .buildAsync(URI.create("ws://localhost:" + PORT + path), new Watcher(attached, closed)).get(30, TimeUnit.SECONDS));
            }
            Waits.until(WATCHERS + " watchers attached (each got the shell's replay)", Duration.ofMinutes(2),
                    () -> attached.get() + closed.get() >= WATCHERS);
            if (closed.get() > 0) {
                throw new AssertionError(closed.get() + " of " + WATCHERS + " watcher sockets were closed");
            }
            Usage backendAfter = Usage.over(backend);
            Usage agentAfter = Usage.over(daemon);
            System.out.printf("TERMINAL-BENCH %d open terminal sockets (watchers): backend RSS %d MiB -> %d MiB (%.2f MiB each),"
                            + " CPU %.1f -> %.1f millicores; agent RSS %d MiB -> %d MiB (%.2f MiB each), CPU %.1f -> %.1f millicores%n",
                    WATCHERS, backendBefore.rssKiB >> 10, backendAfter.rssKiB >> 10, (backendAfter.rssKiB - backendBefore.rssKiB) / 1024.0 / WATCHERS,
                    backendBefore.millicores, backendAfter.millicores, agentBefore.rssKiB >> 10, agentAfter.rssKiB >> 10,
                    (agentAfter.rssKiB - agentBefore.rssKiB) / 1024.0 / WATCHERS, agentBefore.millicores, agentAfter.millicores);
            for (WebSocket socket : sockets) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null);
            }
        }
    }

    /** A watcher's socket: counts its first output (the shell's replay) and an early close. */
    private record Watcher(AtomicInteger attached, AtomicInteger closed, boolean[] seen) implements WebSocket.Listener {
        Watcher(AtomicInteger attached, AtomicInteger closed) {
            this(attached, closed, new boolean[1]);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            synchronized (seen) {
                if (!seen[0]) {
                    seen[0] = true;
                    attached.incrementAndGet();
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.incrementAndGet();
            return null;
        }
    }

    /** A process's resident memory now and its CPU over {@link #IDLE_WINDOW}, from /proc. */
    private record Usage(long rssKiB, double millicores) {
        static Usage over(long pid) throws InterruptedException {
            long start = ticks(pid);
            long t0 = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(IDLE_WINDOW.toNanos());
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Usage(rss(pid), (ticks(pid) - start) / TICKS / seconds * 1000);
        }

        private static long rss(long pid) {
            return read("/proc/" + pid + "/status").lines().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        }

        /** utime + stime: fields 14 and 15 of /proc/<pid>/stat, counted after the command's closing parenthesis. */
        private static long ticks(long pid) {
            String stat = read("/proc/" + pid + "/stat");
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        private static String read(String file) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
