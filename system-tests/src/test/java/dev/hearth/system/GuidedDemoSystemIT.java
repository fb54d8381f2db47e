package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guided demo through the API alone, as automation would walk it (issue 5; docs/guided-demo.md): the
 * packaged backend, a real agent with the builder image, a real cluster with its WASI node. alice
 * edits the greeting, builds on her cluster's host, the module is pushed under her own registry path,
 * runs on her WASI node to ExitCode:0 and prints her line; a compile error fails step 3 with the
 * compiler's message; bob cannot read any of it. Step 7 makes it a web app: the WAGI template built with
 * her greeting, served by the WASI node, checked by Hearth, and reached through the service proxy, the
 * portal's bearer URL and a share link signed out. (E's browser test walks the same in Chromium.)
 */
@Timeout(600)
class GuidedDemoSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration BUILD_WITHIN = Duration.ofMinutes(3);
    private static final Duration RUN_WITHIN = Duration.ofSeconds(90);
    private static final String GREETING = "Hello from alice's guided demo!";

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @Test
    void aliceBuildsPushesRunsAndWatchesHerOwnHelloWorld() throws IOException {
        STACK.startAgent("g");
        HearthApi alice = STACK.api().as("alice");
        HearthApi bob = STACK.api().as("bob");
        String cluster = alice.requestCluster("demo").id();
        alice.awaitPhase(cluster, Phase.READY, READY_WITHIN);

        // Step 1 is the system's own check of the WASI node, through the cluster's API server.
        JsonNode start = Waits.until("step 1 DONE (the WASI node Ready)", Duration.ofMinutes(2),
                () -> alice.call("GET", "/api/v1/demo", null, 200), p -> state(p, 1).equals("DONE"));
        assertThat(states(start)).containsExactly("DONE", "READY", "LOCKED", "LOCKED", "LOCKED", "LOCKED", "LOCKED");
        assertThat(start.path("clusterId").asText()).isEqualTo(cluster);

        // Make it yours: edit the greeting, build.
        String source = start.path("source").asText().replace("Hello from WebAssembly!", GREETING);
        assertThat(source).contains(GREETING);
        JsonNode build = alice.call("POST", "/api/v1/demo/builds", Map.of("language", "rust", "source", source), 202);
        String image = build.path("image").asText();
        assertThat(image).isEqualTo("hearth-registry:5000/alice/hello-rust:1");
        JsonNode built = awaitBuild(alice, build.path("id").asText());
        assertThat(built.path("status").asText()).as(built.toString()).isEqualTo("SUCCEEDED");
        assertThat(built.path("digest").asText()).startsWith("sha256:");
        bob.call("GET", "/api/v1/builds/" + build.path("id").asText(), null, 404);

        JsonNode pushed = alice.call("GET", "/api/v1/demo", null, 200);
        assertThat(states(pushed)).containsExactly("DONE", "DONE", "DONE", "DONE", "READY", "LOCKED", "LOCKED");
        assertThat(pushed.path("steps").get(3).path("detail").asText()).isEqualTo("Pushed " + image + "@"
                + built.path("digest").asText());

        // Run it on her WASI node and watch it to ExitCode:0.
        JsonNode run = alice.call("POST", "/api/v1/demo/run", Map.of(), 200);
        assertThat(run.path("pod").asText()).isEqualTo("hello-wasi");
        JsonNode done = Waits.until("step 6 DONE (ExitCode:0)", RUN_WITHIN,
                () -> alice.call("GET", "/api/v1/demo", null, 200),
                p -> !state(p, 6).equals("RUNNING") && !state(p, 6).equals("LOCKED"));
        assertThat(states(done)).as(done.path("steps").toString()).containsExactly("DONE", "DONE", "DONE", "DONE", "DONE", "DONE",
                "READY");
        String logs = kubectl(alice, cluster).run("-n", "default", "logs", "hello-wasi");
        assertThat(logs).contains(GREETING, "POD_NAME=hello-wasi", "GREETING_FROM=alice",
                "/config/message: hello from a ConfigMap volume");
        // The same lines through Hearth: the agent followed the pod's log from the run on.
        String podLog = "/api/v1/clusters/" + cluster + "/pods/default/hello-wasi/logs?container=hello-wasi";
        Waits.until("alice's greeting in the pod log through the API", RUN_WITHIN, () -> alice.text(podLog),
                text -> text.contains(GREETING));
        bob.call("GET", podLog, null, 404);
        String buildLog = alice.text("/api/v1/builds/" + build.path("id").asText() + "/logs");
        assertThat(buildLog).contains("Pushed");

        makeItAWebApp(alice, bob, cluster);

        // A compile error fails step 3 with the compiler's own words.
        String broken = source.replace("println!(\"{}\", GREETING);", "println!(\"{}\", GREETNG);");
        JsonNode bad = alice.call("POST", "/api/v1/demo/builds", Map.of("language", "rust", "source", broken), 202);
        JsonNode failed = awaitBuild(alice, bad.path("id").asText());
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("message").asText()).contains("error").contains("GREETNG");
        JsonNode afterError = alice.call("GET", "/api/v1/demo", null, 200);
        assertThat(state(afterError, 3)).isEqualTo("FAILED");
        assertThat(afterError.path("steps").get(2).path("detail").asText()).contains("GREETNG");
    }

    /**
     * Step 7 for real: the builder compiles the WAGI template with her greeting, the WASI node serves it per
     * request, and Hearth itself checks that the app answered 200 with the greeting. Then the same app
     * through the API server's service proxy (kubectl), the portal's bearer URL, and a share link signed
     * out; bob gets 404.
     */
    private static void makeItAWebApp(HearthApi alice, HearthApi bob, String cluster) throws IOException {
        JsonNode webBuild = alice.call("POST", "/api/v1/demo/web/builds", Map.of(), 202);
        assertThat(webBuild.path("image").asText()).startsWith("hearth-registry:5000/alice/hello-web-rust:");
        JsonNode webBuilt = awaitBuild(alice, webBuild.path("id").asText());
        assertThat(webBuilt.path("status").asText()).as(webBuilt.toString()).isEqualTo("SUCCEEDED");
        alice.call("POST", "/api/v1/demo/web/run", Map.of(), 200);
        long asked = System.nanoTime();
        JsonNode web = Waits.until("step 7 DONE (the app answered 200 with her greeting)", RUN_WITHIN,
                () -> alice.call("GET", "/api/v1/demo", null, 200),
                p -> state(p, 7).equals("DONE") || state(p, 7).equals("FAILED"));
        String appUrl = "/apps/" + cluster + "/default/hello-web/";
        assertThat(web.path("steps").get(6).path("detail").asText()).as(web.path("steps").toString())
                .isEqualTo("Your app at " + appUrl + " answered 200 with your greeting.");
        assertThat(states(web)).containsOnly("DONE");
        assertThat(web.path("webApp").path("url").asText()).isEqualTo(appUrl);
        System.out.printf("step 7: the web app answered with the greeting %d ms after Run%n",
                Duration.ofNanos(System.nanoTime() - asked).toMillis());

        // The API server's service proxy, as kubectl reaches it.
        String proxied = kubectl(alice, cluster).run("get", "--raw", "/api/v1/namespaces/default/services/hello-web:http/proxy/from/kubectl");
        assertThat(proxied).contains(GREETING, "/from/kubectl");
        // The portal's URL with her bearer token; bob's is a 404 as if there were no such app.
        String api = "/api/v1/clusters/" + cluster + "/apps/default/hello-web";
        String page = alice.text("GET", api + "/from/the/api?q=1", 200);
        assertThat(page).contains(GREETING, "/from/the/api", "(GET)");
        bob.call("GET", api + "/", null, 404);
        // A share link opens it signed out.
        JsonNode link = alice.call("POST", "/api/v1/clusters/" + cluster + "/app-share-links",
                Map.of("namespace", "default", "service", "hello-web", "expiresInMinutes", 5), 201);
        URI signedOut = alice.base().resolve(URI.create(link.path("url").asText()).getPath() + "shared/path");
        HttpResponse<String> shared = send(HttpRequest.newBuilder(signedOut).GET().build());
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.body()).contains("/shared/path");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static JsonNode awaitBuild(HearthApi api, String id) {
        return Waits.until("build " + id + " to finish", BUILD_WITHIN, () -> api.call("GET", "/api/v1/builds/" + id, null, 200),
                b -> b.path("status").asText().equals("SUCCEEDED") || b.path("status").asText().equals("FAILED"));
    }

    private static String state(JsonNode progress, int step) {
        return progress.path("steps").get(step - 1).path("state").asText();
    }

    private static List<String> states(JsonNode progress) {
        List<String> states = new ArrayList<>();
        progress.path("steps").forEach(s -> states.add(s.path("state").asText()));
        return states;
    }

    private static Kubectl kubectl(HearthApi api, String cluster) throws IOException {
        Path kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(cluster + "-kubeconfig.yaml"), api.kubeconfig(cluster));
        return Kubectl.withKubeconfig(kubeconfig);
    }
}
