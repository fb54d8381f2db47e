package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.registry.HostRegistry;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.BuildStatus;
import dev.hearth.protocol.LogChunk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The build service on the real Docker engine with the real builder image and the host's real registry:
 * what a participant's build does, and where the limits stop it. Short limits (8 s, 64 KiB of output)
 * and one build at a time, so the limits are reached quickly and queueing shows.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BuildRunnerIT {

    static final String HELLO_RUST = """
            fn main() {
                println!("Hello, WASI!");
                eprintln!("to stderr");
            }
            """;
    static final String HELLO_C = """
            #include <stdio.h>
            int main(void) {
                printf("Hello from C\\n");
                return 0;
            }
            """;
    /**
     * A match on 40 booleans whose arms each fix one of them: rustc's exhaustiveness check explores
     * the combinations — about 2^40 steps in ~15 MiB, so it runs until it is stopped (no memory limit first).
     */
    static final String ENDLESS_RUST = endlessMatch(40);
    /** 2^20 #pragma messages, each a warning with its macro-expansion notes: megabytes of output from 1 KiB. */
    static final String FLOOD_C = "#define P _Pragma(\"message(\\\"flood\\\")\")\n#define A0 P\n"
            + IntStream.range(1, 21).mapToObj(i -> "#define A" + i + " A" + (i - 1) + " A" + (i - 1) + "\n").collect(Collectors.joining())
            + "A20\nint main(void) { return 0; }\n";

    private static String endlessMatch(int n) {
        StringBuilder arms = new StringBuilder();
        for (String value : List.of("true", "false")) {
            for (int i = 0; i < n; i++) {
                String[] patterns = new String[n];
                Arrays.fill(patterns, "_");
                patterns[i] = value;
                arms.append("        (").append(String.join(", ", patterns)).append(") => ").append(value).append(",\n");
            }
        }
        String bools = String.join(", ", Collections.nCopies(n, "bool"));
        return "fn f(x: (" + bools + ")) -> bool {\n    match x {\n" + arms + "    }\n}\n"
                + "fn main() { println!(\"{}\", f((" + String.join(", ", Collections.nCopies(n, "true")) + "))); }\n";
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestHost host;
    private static Path cacheDir;
    private static BuildRunner service;
    private static final List<AgentMessage> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cacheDir = Files.createTempDirectory("hearth-build-cache");
        host = new TestHost(Map.of(
                "hearth.agent.images.builder", NodeImages.builder(),
                "hearth.agent.build.parallelism", "1",
                "hearth.agent.build.timeout", "8s",
                "hearth.agent.build.max-output", "64K",
                "hearth.agent.build.cache-dir", cacheDir.toString()));
        var registry = new HostRegistry(host.docker(), host.settings());
        // As on a host with clusters: their provisioning started the registry.
        registry.ensureRunning();
        service = new BuildRunner(host.docker(), host.settings(), registry, sent::add, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        host.close();
        try (var files = Files.walk(cacheDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aRustHelloIsCompiledAndPushedAsACncfWasmArtifactThenServedFromTheCache() throws Exception {
        String first = build(BuildLanguage.RUST, HELLO_RUST, "hearth-registry:5000/alice/hello:1");
        BuildResult result = awaitEnd(first);

        assertThat(result.status()).as(log(first)).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.image()).isEqualTo("hearth-registry:5000/alice/hello:1");
        assertThat(statuses(first)).containsExactly(BuildStatus.QUEUED, BuildStatus.RUNNING, BuildStatus.SUCCEEDED);
        assertThat(log(first)).contains("$ rustc --edition 2021 -O -C strip=symbols --target wasm32-wasi",
                "Pushing hearth-registry:5000/alice/hello:1 …", "Pushed hearth-registry:5000/alice/hello:1@" + result.digest());
        byte[] module = assertArtifact("alice/hello", "1", result.digest());
        assertThat(Arrays.copyOf(module, 4)).as("the wasm magic").containsExactly(0, 'a', 's', 'm');

        String again = build(BuildLanguage.RUST, HELLO_RUST, "hearth-registry:5000/alice/hello:2");
        BuildResult cached = awaitEnd(again);
        assertThat(cached.status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(log(again)).contains("using the cached module").doesNotContain("$ rustc");
        assertThat(assertArtifact("alice/hello", "2", cached.digest())).isEqualTo(module);
    }

    @Test
    void aCHelloIsCompiledAndPushed() throws Exception {
        String id = build(BuildLanguage.C, HELLO_C, "hearth-registry:5000/bob/hello-c:1");
        BuildResult result = awaitEnd(id);

        assertThat(result.status()).as(log(id)).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(log(id)).contains("$ clang --target=wasm32-wasi");
        assertArtifact("bob/hello-c", "1", result.digest());

        // Delivered again (the backend's mailbox may re-send): the same result, no second build.
        service.submit(new BuildRequest(id, "c-" + host.hostId(), BuildLanguage.C, HELLO_C, "hearth-registry:5000/bob/hello-c:1"));
        await("the result sent again", () -> results(id).size() == 4);
        assertThat(statuses(id)).containsExactly(BuildStatus.QUEUED, BuildStatus.RUNNING, BuildStatus.SUCCEEDED,
                BuildStatus.SUCCEEDED);
        assertThat(results(id).get(3)).isEqualTo(result);
    }

    @Test
    void aCompileErrorFailsWithTheCompilersMessageAndLine() throws Exception {
        String id = build(BuildLanguage.RUST, "fn main() {\n    println!(\"{}\", greeting);\n}\n",
                "hearth-registry:5000/alice/broken:1");
        BuildResult result = awaitEnd(id);

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.message()).isEqualTo("main.rs:2:20: error[E0425]: cannot find value `greeting` in this scope");
        assertThat(log(id)).contains("^^^^^^^^ not found in this scope", "Build failed: main.rs:2:20");
        assertThat(ended(id)).isTrue();
        assertThat(manifestStatus("alice/broken", "1")).as("nothing pushed").isEqualTo(404);
    }

    @Test
    void anEndlessBuildRunsWithoutNetworkAndFailsAtTheTimeLimitWhileTheNextWaitsQueued() throws Exception {
        String endless = build(BuildLanguage.RUST, ENDLESS_RUST, "hearth-registry:5000/alice/endless:1");
        String next = build(BuildLanguage.C, HELLO_C + "// next\n", "hearth-registry:5000/alice/next:1");
        await("the endless build's container to run", () -> running(endless));

        var container = host.client().inspectContainerCmd(container(endless)).exec();
        assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("none");
        assertThat(host.exec(container.getId(), "ls /sys/class/net").strip()).as("network interfaces").isEqualTo("lo");
        assertThat(statuses(next)).as("with one build slot, the second waits").containsExactly(BuildStatus.QUEUED);

        BuildResult result = awaitEnd(endless);
        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.message()).isEqualTo("the build took longer than 8 s and was stopped");
        assertThat(container(endless)).as("the endless build's container").isNull();
        assertThat(ended(endless)).isTrue();
        assertThat(awaitEnd(next).status()).as(log(next)).isEqualTo(BuildStatus.SUCCEEDED);
    }

    @Test
    void anOutputFloodFailsAtTheOutputLimit() throws Exception {
        String id = build(BuildLanguage.C, FLOOD_C, "hearth-registry:5000/alice/flood:1");
        BuildResult result = awaitEnd(id);

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.message()).isEqualTo("the build printed more than 64 KiB of output and was stopped");
        assertThat(container(id)).isNull();
        long streamed = chunks(id).stream().flatMap(chunk -> chunk.lines().stream()).mapToLong(line -> line.length() + 1).sum();
        assertThat(streamed).as("bytes of log streamed").isBetween(60_000L, 70_000L);
    }

    @Test
    void anOversizedSourceOrAForeignImageIsRefusedWithoutRunningAnything() throws Exception {
        String big = build(BuildLanguage.RUST, "// " + "x".repeat(70_000), "hearth-registry:5000/alice/big:1");
        assertThat(awaitEnd(big).message()).isEqualTo("the source is 70003 bytes; at most 64 KiB is accepted");
        assertThat(log(big)).contains("Build failed: the source is 70003 bytes");

        String foreign = build(BuildLanguage.RUST, HELLO_RUST, "docker.io/bob/hello:1");
        assertThat(awaitEnd(foreign).message()).contains("is not in hearth-registry:5000");
        assertThat(ended(foreign)).isTrue();
    }

    @Test
    void leftoverBuilderContainersOfThisHostAreRemoved() {
        host.client().createContainerCmd(NodeImages.builder()).withName("hearth-builder-leftover-" + host.hostId())
                .withLabels(Map.of(HearthLabels.ROLE, "builder", HearthLabels.HOST, host.hostId())).exec();

        assertThat(service.removeLeftovers()).isGreaterThanOrEqualTo(1);
        assertThat(host.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(HearthLabels.ROLE, "builder", HearthLabels.HOST, host.hostId())).exec()).isEmpty();
    }

    private static String build(BuildLanguage language, String source, String image) {
        String id = UUID.randomUUID().toString();
        service.submit(new BuildRequest(id, "c-" + host.hostId(), language, source, image));
        return id;
    }

    private static BuildResult awaitEnd(String id) throws InterruptedException {
        await("build " + id + " to end", () -> statuses(id).stream().anyMatch(s -> s == BuildStatus.SUCCEEDED || s == BuildStatus.FAILED)
                && ended(id));
        return results(id).get(results(id).size() - 1);
    }

    private static List<BuildResult> results(String id) {
        return sent.stream().filter(m -> m instanceof BuildResult r && r.buildId().equals(id)).map(m -> (BuildResult) m).toList();
    }

    private static List<BuildStatus> statuses(String id) {
        return results(id).stream().map(BuildResult::status).toList();
    }

    private static List<LogChunk> chunks(String id) {
        return sent.stream().filter(m -> m instanceof LogChunk c && c.stream().name().equals("build/" + id)).map(m -> (LogChunk) m).toList();
    }

    private static boolean ended(String id) {
        return chunks(id).stream().anyMatch(LogChunk::end);
    }

    private static String log(String id) {
        return chunks(id).stream().flatMap(chunk -> chunk.lines().stream()).collect(Collectors.joining("\n"));
    }

    /** The builder container of a build, found by its label, or null. */
    private static String container(String id) {
        var found = host.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(BuildPlanner.BUILD_LABEL, id)).exec();
        return found.isEmpty() ? null : found.get(0).getId();
    }

    private static boolean running(String id) {
        String container = container(id);
        return container != null && Boolean.TRUE.equals(host.client().inspectContainerCmd(container).exec().getState().getRunning());
    }

    /** The artifact as a cluster would pull it: OCI manifest, CNCF wasm config and layer; returns the module. */
    private static byte[] assertArtifact(String repository, String tag, String digest) throws Exception {
        URI registry = URI.create("http://127.0.0.1:" + host.registryPort());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> manifest = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Accept", OciArtifactPusher.OCI_MANIFEST).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(OciArtifactPusher.digest(manifest.body())).isEqualTo(digest);
        JsonNode json = JSON.readTree(manifest.body());
        assertThat(json.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(json.at("/config/mediaType").asText()).isEqualTo("application/vnd.wasm.config.v0+json");
        assertThat(json.get("layers")).hasSize(1);
        assertThat(json.at("/layers/0/mediaType").asText()).isEqualTo("application/wasm");
        byte[] module = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/"
                + json.at("/layers/0/digest").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(OciArtifactPusher.digest(module)).isEqualTo(json.at("/layers/0/digest").asText());
        return module;
    }

    private static int manifestStatus(String repository, String tag) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.registryPort()
                + "/v2/" + repository + "/manifests/" + tag)).header("Accept", OciArtifactPusher.OCI_MANIFEST).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }


    private static void await(String what, BooleanSupplier condition) {
        Eventually.until(what, Duration.ofSeconds(180), condition, () -> sent);
    }
}
