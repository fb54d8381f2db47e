package dev.hearth.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19's crash drills, as an operator would run them on a live stack (docs/operations.md, "Drills"):
 * the backend {@code kill -9}ed while the owner has the cluster page open in Chromium with a pod's live
 * log panel, and API clients follow the same log and the cluster's events over SSE; and the agent
 * {@code kill -9}ed while its pod's log streams. The streams resume — the page's {@code EventSource} by
 * itself, the API clients as it does ({@link ResumingSse}), both by {@code Last-Event-ID} — and end with
 * every line exactly once. Trust boundary: none crossed; the drills only check what the owner of a
 * cluster sees of it across a crash.
 */
@Timeout(900)
class CrashDrillSystemIT {

    /** 40 s of log at 10 lines a second: long enough to crash something in the middle of it. */
    private static final int LINES = 400;
    private static final int INTERVAL_MS = 100;
    private static final int CRASH_AFTER_LINES = 40;
    private static final Duration POD_RUNNING_WITHIN = Duration.ofMinutes(2);
    private static final Duration STREAM_WITHIN = Duration.ofMinutes(5);
    private static final Duration DELETED_WITHIN = Duration.ofMinutes(2);

    /** A port the dev realm redirects to (docs/operations.md), so Chromium can sign in. */
    private static final int PORT = 8083;
    private static final String APP = "http://localhost:" + PORT;

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static final KeycloakTokens OWNER = new KeycloakTokens("admin");
    private static Agent agent;
    private static HttpClient http;

    @BeforeAll
    static void agent() {
        agent = STACK.startAgent("crash");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeHttp() {
        // Not close(): it waits for every exchange, and a failed test may leave a stream open for minutes.
        http.shutdownNow();
    }

    @Test
    void aBackendKilledMidStreamComesBackAndTheStreamsResumeWithNoLineLostOrRepeated() throws Exception {
        WasiCluster cluster = WasiCluster.request(STACK, agent, "backend-crash");
        try (BrowserContext browser = CHROMIUM.newContext()) {
            Page page = browser.newPage();
            SystemBrowser.signIn(page, APP, "admin");
            String ns = startTicker(cluster, "ticker");
            page.navigate(APP + "/clusters/" + cluster.id());
            // The cluster page's pod table, its Logs button, the live panel below it.
            String label = "Logs of " + ns + "/ticker ticker";
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show logs of " + ns + "/ticker ticker")
                    .setExact(true)).click();
            Locator shown = page.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName(label + " lines").setExact(true))
                    .locator(".log-line");
            ResumingSse podLog = follow("/api/v1/clusters/" + cluster.id() + "/pods/" + ns + "/ticker/logs?follow=true", "line");
            // The events stream has no end event: the server closes it after the DELETED one.
            ResumingSse events = ResumingSse.followUntil(http, STACK.backend().url().resolve("/api/v1/clusters/" + cluster.id()
                    + "/events"), OWNER::bearer, "cluster-event", Duration.ofMinutes(10),
                    event -> event.text().contains("\"phase\":\"DELETED\""));
            awaitLines(podLog, CRASH_AFTER_LINES);
            assertThat(shown.nth(CRASH_AFTER_LINES - 1)).isAttached();

            Duration back = STACK.backend().crashAndRestart();
            System.out.printf("crash drill: backend kill -9 -> ready again in %d ms%n", back.toMillis());

            podLog.ended().get(STREAM_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(podLog.connections()).as("connections of the pod-log reader (the crash cut the first)").isGreaterThan(1);
            assertNothingLostOrRepeated(podLog.received());

            // The page's EventSource reconnected by itself: the panel ends with the same lines, each once.
            assertThat(page.getByLabel(label + " state", new Page.GetByLabelOptions().setExact(true)))
                    .hasText("ended", new LocatorAssertions.HasTextOptions().setTimeout(STREAM_WITHIN.toMillis()));
            List<String> onPage = shown.allTextContents();
            assertThat(onPage.stream().map(Ticker::number).toList()).as("the line numbers the page shows")
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, LINES).boxed().toList());
            assertDeletedWithEveryEventOnce(cluster, events);
        }
    }

    private static void assertDeletedWithEveryEventOnce(WasiCluster cluster, ResumingSse events) throws Exception {
        // The events stream ends when the cluster is DELETED: deleting it after the restart sends events
        // the resumed stream must carry, and every one of them once.
        STACK.api().deleteCluster(cluster.id());
        STACK.api().awaitPhase(cluster.id(), Phase.DELETED, DELETED_WITHIN);
        events.ended().get(DELETED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        List<Long> stored = STACK.api().events(cluster.id()).stream().map(ClusterEvent::id).toList();
        assertThat(events.received().stream().map(SseLogClient.Received::seq).toList())
                .as("event ids the resumed stream delivered, against GET /events").isEqualTo(stored);
        assertThat(events.connections()).as("connections of the events reader").isGreaterThan(1);
    }

    @Test
    void anAgentKilledMidStreamComesBackAndThePodLogResumesWithNoLineLostOrRepeated() throws Exception {
        WasiCluster cluster = WasiCluster.request(STACK, agent, "agent-crash");
        String ns = startTicker(cluster, "ticker");
        ResumingSse podLog = follow("/api/v1/clusters/" + cluster.id() + "/pods/" + ns + "/ticker/logs?follow=true", "line");
        awaitLines(podLog, CRASH_AFTER_LINES);

        agent.kill();
        int beforeRestart = podLog.received().size();
        agent.start();

        podLog.ended().get(STREAM_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(podLog.received().size()).as("lines after the agent came back").isGreaterThan(beforeRestart);
        assertNothingLostOrRepeated(podLog.received());
        System.out.printf("crash drill: agent kill -9 with a pod log streaming: %d connection(s) of the reader%n",
                podLog.connections());
    }

    /** Pushes the ticker, starts it in a namespace of its own and waits until it runs. */
    private static String startTicker(WasiCluster cluster, String pod) {
        cluster.pushWasmToOci("e2e-ticker", "v1", DemoModules.module("ticker"));
        String ns = cluster.namespace("drill");
        cluster.apply(ns, Ticker.manifest(pod, LINES, INTERVAL_MS, 0));
        cluster.awaitPod(ns, pod, "to be Running", POD_RUNNING_WITHIN,
                view -> "running".equals(view.state().kind()) || "Succeeded".equals(view.phase()));
        return ns;
    }

    private static ResumingSse follow(String path, String eventName) {
        URI url = STACK.backend().url().resolve(path);
        Supplier<String> bearer = OWNER::bearer;
        return ResumingSse.follow(http, url, bearer, eventName, STREAM_WITHIN);
    }

    private static void awaitLines(ResumingSse stream, int lines) {
        Waits.until(lines + " lines on the stream before the crash", POD_RUNNING_WITHIN, () -> stream.received().size(),
                count -> count >= lines);
        assertThat(stream.ended()).as("the stream is still open when the crash comes").isNotDone();
    }

    private static void assertNothingLostOrRepeated(List<SseLogClient.Received> received) {
        assertThat(received).as("every line once, in order: %s", Ticker.lossAndRepeats(received, LINES))
                .extracting(SseLogClient.Received::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, LINES).boxed().toList());
    }
}
