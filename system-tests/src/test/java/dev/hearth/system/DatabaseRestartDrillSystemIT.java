package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19's PostgreSQL drills (docs/operations.md, "Drills"), on a PostgreSQL of the class's own
 * ({@link OwnPostgres}: the machine's one serves other tests meanwhile): stopped and started again while
 * a cluster provisions — it still becomes READY with a working kubeconfig — and during a log flood — the
 * follower gets every line once. While it is down a signed-in page in Chromium is Hearth's 503 page
 * "briefly unavailable", the API answers 503 problem+json, both with Retry-After, and readiness names
 * the database. Trust boundary: none crossed; what the owner of a cluster sees.
 */
@Timeout(900)
class DatabaseRestartDrillSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration SERVING_AGAIN_WITHIN = Duration.ofSeconds(60);
    private static final Duration STREAM_WITHIN = Duration.ofMinutes(5);
    /** A flood: 100 lines a second for 15 s. */
    private static final int LINES = 1500;
    private static final int INTERVAL_MS = 10;

    /** A port the dev realm redirects to (docs/operations.md), so Chromium can sign in. */
    private static final int PORT = 8084;
    private static final String APP = "http://localhost:" + PORT;

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withOwnPostgres(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static final KeycloakTokens OWNER = new KeycloakTokens("admin");
    private static Agent agent;
    private static HttpClient http;

    @BeforeAll
    static void agent() {
        agent = STACK.startAgent("pg");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeHttp() {
        // Not close(): it waits for every exchange, and a failed test may leave a stream open for minutes.
        http.shutdownNow();
    }

    @Test
    void aClusterProvisioningAcrossAPostgresRestartBecomesReady() throws IOException {
        HearthApi api = STACK.api();
        BrowserContext browser = CHROMIUM.newContext();
        Page page = browser.newPage();
        SystemBrowser.signIn(page, APP, "admin");
        String id = api.requestCluster("pg-restart").id();
        Waits.until("cluster " + id + " PROVISIONING", READY_WITHIN, () -> api.cluster(id), state -> {
            if (state.phase() == Phase.READY || state.phase() == Phase.FAILED) {
                throw new AssertionError(id + " reached " + state + " before PostgreSQL could be stopped mid-provisioning");
            }
            return state.phase() == Phase.PROVISIONING;
        });

        STACK.postgres().stop();
        HttpResponse<String> whileDown = get("/api/v1/clusters");
        assertThat(whileDown.statusCode()).as("GET /api/v1/clusters with PostgreSQL down: %s", whileDown.body()).isEqualTo(503);
        assertThat(whileDown.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
        assertThat(whileDown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(whileDown.body()).contains("database-unavailable");
        HttpResponse<String> readiness = get("/q/health/ready");
        assertThat(readiness.statusCode()).as("readiness with PostgreSQL down").isEqualTo(503);
        assertThat(readiness.body()).as("readiness names the dependency").contains("Database connections health check");
        Response shown = page.navigate(APP + "/clusters");
        assertThat(shown.status()).as("a signed-in page with PostgreSQL down").isEqualTo(503);
        assertThat(shown.headerValue("Retry-After")).as("the page's Retry-After").isNotBlank();
        assertThat(page.content()).contains("Hearth is briefly unavailable");

        long started = System.nanoTime();
        STACK.postgres().startServer();
        Waits.until("GET /api/v1/clusters to answer 200 again", SERVING_AGAIN_WITHIN, () -> get("/api/v1/clusters").statusCode(),
                status -> status == 200);
        System.out.printf("PostgreSQL drill: started again -> first 200 in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(page.navigate(APP + "/clusters").status()).as("the same page once PostgreSQL is back").isEqualTo(200);
        browser.close();

        api.awaitPhase(id, Phase.READY, READY_WITHIN);
        Path kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(id + "-kubeconfig.yaml"), api.kubeconfig(id));
        assertThat(Kubectl.withKubeconfig(kubeconfig).run("get", "--raw", "/readyz").strip())
                .as("kubectl with the kubeconfig stored across the restart").isEqualTo("ok");
        assertThat(api.events(id)).as("events of %s", id).extracting(ClusterEvent::phase).contains(Phase.READY);
    }

    @Test
    void aLogFloodAcrossAPostgresRestartLosesNoLine() throws Exception {
        WasiCluster cluster = WasiCluster.request(STACK, agent, "pg-flood");
        cluster.pushWasmToOci("e2e-ticker", "v1", DemoModules.module("ticker"));
        String ns = cluster.namespace("flood");
        cluster.apply(ns, Ticker.manifest("flood", LINES, INTERVAL_MS, 0));
        cluster.awaitPod(ns, "flood", "to be Running", READY_WITHIN,
                view -> "running".equals(view.state().kind()) || "Succeeded".equals(view.phase()));
        ResumingSse log = ResumingSse.follow(http, STACK.backend().url().resolve("/api/v1/clusters/" + cluster.id() + "/pods/"
                + ns + "/flood/logs?follow=true"), OWNER::bearer, "line", STREAM_WITHIN);
        Waits.until("100 lines of the flood before PostgreSQL stops", READY_WITHIN, () -> log.received().size(), n -> n >= 100);

        STACK.postgres().stop();
        Waits.until("the API to say the database is away", SERVING_AGAIN_WITHIN, () -> get("/api/v1/clusters").statusCode(),
                status -> status == 503);
        STACK.postgres().startServer();

        log.ended().get(STREAM_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        List<SseLogClient.Received> received = log.received();
        assertThat(received).as("every line of the flood once, in order: %s", Ticker.lossAndRepeats(received, LINES))
                .extracting(SseLogClient.Received::seq)
                .containsExactlyElementsOf(LongStream.range(0, LINES).boxed().toList());
        System.out.printf("PostgreSQL drill: %d flood lines, %d connection(s) of the reader%n", received.size(), log.connections());
    }

    private static HttpResponse<String> get(String path) {
        URI url = STACK.backend().url().resolve(path);
        HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", OWNER.bearer())
                .header("Accept", "application/json").timeout(Duration.ofSeconds(20)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
