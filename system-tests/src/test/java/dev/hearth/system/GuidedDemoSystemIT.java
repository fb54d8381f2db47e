package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * compiler's message; bob cannot read any of it. (E's browser test walks the same in Chromium.)
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
        assertThat(states(start)).containsExactly("DONE", "READY", "LOCKED", "LOCKED", "LOCKED", "LOCKED");
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
        assertThat(states(pushed)).containsExactly("DONE", "DONE", "DONE", "DONE", "READY", "LOCKED");
        assertThat(pushed.path("steps").get(3).path("detail").asText()).isEqualTo("Pushed " + image + "@"
                + built.path("digest").asText());

        // Run it on her WASI node and watch it to ExitCode:0.
        JsonNode run = alice.call("POST", "/api/v1/demo/run", Map.of(), 200);
        assertThat(run.path("pod").asText()).isEqualTo("hello-wasi");
        JsonNode done = Waits.until("step 6 DONE (ExitCode:0)", RUN_WITHIN,
                () -> alice.call("GET", "/api/v1/demo", null, 200),
                p -> !state(p, 6).equals("RUNNING") && !state(p, 6).equals("LOCKED"));
        assertThat(states(done)).as(done.path("steps").toString()).containsOnly("DONE");
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
