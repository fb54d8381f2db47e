package dev.hearth.wasmnode.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.modules.ExecutionMode;
import dev.hearth.wasmnode.modules.ModuleCompiler;
import dev.hearth.wasmnode.wasi.ConsoleLine;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serves the real WAGI test apps (wagi.c and wagi-rs/main.rs, compiled by clang and rustc for
 * wasm32-wasi, then to JVM bytecode as the node does) with {@link WagiApp} on a loopback port and asks
 * them over HTTP as a client would: what a user of the app sees, and what the node's limits do.
 */
@Timeout(120)
class WagiAppTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path compiled;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private WagiApp app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private String start(String module, WagiRoute route, WagiLimits limits) throws IOException {
        WasiProgram program = ModuleCompiler.create(ExecutionMode.COMPILED, compiled).program(module, () -> bytes(module));
        WasiSandbox sandbox = WasiSandbox.builder().env("GREETING", "hi").maxMemoryBytes(64L * 1024 * 1024).build();
        app = WagiApp.start(InetAddress.getLoopbackAddress(), 0, "test", program, sandbox, route, limits,
                (ConsoleLine line) -> log.add(line.stream() + " " + line.text()), Clock.systemUTC());
        return "http://127.0.0.1:" + app.port();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCAppAnswersGetAndPostSetsStatusAndHeaderAndLogsEachRequest() throws Exception {
        String url = start("wagi.wasm", WagiRoute.ALL, WagiLimits.DEFAULT);

        HttpResponse<String> hello = get(url + "/some/page?x=1");
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(hello.body()).isEqualTo("hello from wagi.c at /some/page (GET)\n");

        HttpResponse<String> echo = post(url + "/echo", "the body, echoed");
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("the body, echoed");

        HttpResponse<String> teapot = get(url + "/status");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().firstValue("X-Hearth")).hasValue("teapot");

        HttpResponse<String> redirect = get(url + "/redirect");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/elsewhere");

        assertThat(log).anyMatch(line -> line.startsWith("STDOUT 127.0.0.1 - - [") && line.contains("\"GET /some/page?x=1 HTTP/1.1\" 200 38 "));
        assertThat(log).contains("STDERR wagi.c handling POST /echo");
        assertThat(log).anyMatch(line -> line.contains("\"GET /status HTTP/1.1\" 418 "));
    }

    @Test
    void theModuleGetsTheCgiEnvironmentOverItsContainersAndNoCredentials() throws Exception {
        String url = start("wagi.wasm", WagiRoute.ALL, WagiLimits.DEFAULT);

        HttpResponse<String> env = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/env?a=b%20c"))
                .header("X-Greeting", "howdy").header("Authorization", "Bearer secret-token").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(env.body()).isEqualTo("""
                REQUEST_METHOD=GET
                PATH_INFO=/env
                QUERY_STRING=a=b%20c
                SCRIPT_NAME=
                CONTENT_LENGTH=0
                CONTENT_TYPE=
                HTTP_X_GREETING=howdy
                HTTP_AUTHORIZATION=
                X_MATCHED_ROUTE=/...
                GREETING=hi
                """);
    }

    @Test
    void theRustAppAnswersGetAndPostAndSetsStatusAndHeader() throws Exception {
        String url = start("wagi-rs.wasm", WagiRoute.ALL, WagiLimits.DEFAULT);

        assertThat(get(url + "/").body()).isEqualTo("hello from wagi-rs at / (GET)\n");
        HttpResponse<String> echo = post(url + "/echo", "rust echoes this");
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo("rust echoes this");
        HttpResponse<String> created = post(url + "/status", "");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Hearth")).hasValue("rust");
    }

    @Test
    void aRouteServesItsPathsOnlyAndSplitsScriptNameFromPathInfo() throws Exception {
        String url = start("wagi.wasm", new WagiRoute("/app/..."), WagiLimits.DEFAULT);

        assertThat(get(url + "/app/echo").body()).isEmpty();
        assertThat(get(url + "/app/hi").body()).isEqualTo("hello from wagi.c at /hi (GET)\n");
        HttpResponse<String> outside = get(url + "/other");
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(outside.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anEndlessModuleIsCutAt504WhileOtherRequestsAreServed() throws Exception {
        String url = start("wagi.wasm", WagiRoute.ALL, new WagiLimits(Duration.ofSeconds(2), 1024, 1024 * 1024, 4));

        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> loop = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url + "/loop")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int i = 0; i < 20; i++) {
            assertThat(get(url + "/meanwhile").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> cut = loop.join();
        assertThat(cut.statusCode()).isEqualTo(504);
        assertThat(cut.body()).contains("did not answer within its limit of 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        // The module really stopped: its place is free again, so a full set of requests still fits.
        assertThat(get(url + "/after").statusCode()).isEqualTo(200);
    }

    @Test
    void aHundredMegabytesOfOutputGetABoundedAnswer() throws Exception {
        String url = start("wagi.wasm", WagiRoute.ALL, new WagiLimits(Duration.ofSeconds(20), 1024, 1024 * 1024, 4));

        HttpResponse<String> flood = get(url + "/flood");

        assertThat(flood.statusCode()).isEqualTo(502);
        assertThat(flood.body()).contains("passed its limit of 1048576 bytes").hasSizeLessThan(1024);
        assertThat(get(url + "/after").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyPastTheLimitIs413AndRequestsPastTheConcurrencyAre503() throws Exception {
        String url = start("wagi.wasm", WagiRoute.ALL, new WagiLimits(Duration.ofSeconds(10), 16, 1024 * 1024, 1));

        HttpResponse<String> large = post(url + "/echo", "x".repeat(17));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("at most 16 bytes");

        CompletableFuture<HttpResponse<String>> loop = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url + "/loop")).build(),
                HttpResponse.BodyHandlers.ofString());
        // The module's first line (stderr, in the pod's log) says the loop holds the only place now.
        awaitLog("STDERR wagi.c handling GET /loop");
        HttpResponse<String> busy = get(url + "/probe");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.body()).contains("limit of 1 requests at once");
        assertThat(loop.join().statusCode()).isEqualTo(504);
    }

    /** Polls the captured log for a line (the module writes it from its own thread). */
    private void awaitLog(String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!log.contains(line)) {
            assertThat(System.nanoTime()).as("waiting for log line " + line).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static byte[] bytes(String name) {
        try (InputStream in = WagiAppTest.class.getResourceAsStream("/wasm/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
