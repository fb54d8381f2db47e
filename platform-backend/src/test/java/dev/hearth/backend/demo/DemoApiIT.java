package dev.hearth.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.identity.RegistryNamespaces;
import dev.hearth.backend.identity.UserDirectory;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.AppTunnelPeer;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.BuildStatus;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.ObservedPhase;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guided demo's API against the real backend, PostgreSQL, Keycloak and a real kube-apiserver as
 * alice's cluster (with a registered WASI node): a protocol peer plays the host's agent, receives the
 * build requests and answers with results as the build service would.
 */
@QuarkusTest
class DemoApiIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final long MIB = 1024L * 1024;
    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures hosts;

    @Inject
    DemoFixtures demo;

    @Inject
    Fixtures fixtures;

    @Inject
    BuildTimeouts timeouts;

    @Inject
    RegistryNamespaces namespaces;

    @Inject
    UserDirectory users;

    @Inject
    ClassroomFixtures classrooms;

    private final List<ProtocolPeer> peers = new ArrayList<>();
    private EnrolledHost host;
    private ProtocolPeer agent;
    private String cluster;

    @BeforeAll
    static void startApiServer() {
        apiServer = ControlPlane.start();
        try (KubernetesClient k8s = apiServer.adminClient()) {
            k8s.nodes().resource(new NodeBuilder().withNewMetadata().withName("demo-wasi")
                    .addToLabels("kubernetes.io/arch", "wasm32-wasi").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
            // What the controller manager would create: pods need their namespace's default service account.
            k8s.serviceAccounts().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata().withName("default").endMetadata().build()).create();
        }
    }

    @AfterAll
    static void stopApiServer() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @BeforeEach
    void aliceHasAReadyCluster() {
        hosts.removeAllClusters();
        hosts.removeTestHosts();
        demo.forget("alice", "bob");
        host = hosts.enrol("demo");
        agent = online(host);
        // The app check reaches the app through the agent's tunnel (apps.AppTunnelTransport): this peer serves it.
        AppTunnelPeer.serve(agent, apiServer::adminClient);
        cluster = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        long generation = agent.desiredWith(cluster, true, WAIT).clusters().stream()
                .filter(c -> c.id().equals(cluster)).findFirst().orElseThrow().generation();
        agent.send(new Credentials(cluster, apiServer.adminKubeconfig()));
        agent.send(new ClusterObserved(cluster, generation, ObservedPhase.READY, null, apiServer.server(), null));
        Eventually.until("alice's cluster READY", WAIT,
                () -> "READY".equals(Api.as("alice").get("/api/v1/clusters/" + cluster).path("phase")));
    }

    @AfterEach
    void cleanUp() {
        peers.forEach(ProtocolPeer::close);
        try (KubernetesClient k8s = apiServer.adminClient()) {
            k8s.pods().inNamespace("default").delete();
            k8s.configMaps().inNamespace("default").withName("hello-wasi").delete();
            k8s.services().inNamespace("default").withName("hello-web").delete();
            k8s.endpoints().inNamespace("default").withName("hello-web").delete();
        }
        demo.forget("alice", "bob");
        classrooms.removeAll();
        hosts.removeAllClusters();
        hosts.removeTestHosts();
    }

    @Test
    void aClassroomsTrackPicksTheLanguageAndTheBoardShowsTheDoneSteps() {
        Map<String, Object> body = ClassroomFixtures.body("Track", 1);
        body.put("demoTrack", "c");
        JsonPath room = Api.as("irene").body(body).post("/api/v1/classrooms").then().statusCode(201).extract().jsonPath();
        Api.as("alice").body(Map.of("code", room.getString("joinCode.code"))).post("/api/v1/classrooms/join").then()
                .statusCode(200);

        JsonPath start = progress();
        assertThat(start.getString("language")).isEqualTo("c");
        assertThat(start.getString("source")).contains("#define GREETING");
        assertThat(start.getList("steps.state")).startsWith("DONE", "READY");
        Api.as("irene").get("/api/v1/classrooms/" + room.getString("id")).then().statusCode(200)
                .body("seats[0].participant", equalTo("alice")).body("seats[0].demoStep", equalTo(1));

        Api.as("alice").body(Map.of("language", "c", "source", DemoContent.source(BuildLanguage.C)))
                .put("/api/v1/demo/source").then().statusCode(200);
        Api.as("irene").get("/api/v1/classrooms/" + room.getString("id")).then().body("seats[0].demoStep", equalTo(2));
    }

    @Test
    void invalidSourcesAreRefusedNamingTheField() {
        problem(build("cobol", "PROGRAM-ID. HELLO."), 400, "language", "'cobol' is not supported; use rust or c");
        problem(build("rust", "  "), 400, "source", "is empty; write a program (or start from the template)");
        String big = "// " + "x".repeat(64 * 1024) + "\n";
        problem(build("rust", big), 400, "source", "is " + big.length() + " bytes; at most 65536 (64 KiB) are allowed");
        problem(Api.as("alice").body(Map.of("language", "c", "source", "int main(void){return 0;}\n"))
                .put("/api/v1/demo/source"), 200, null, null);
        problem(Api.as("alice").body(Map.of("language", "c", "source", "")).put("/api/v1/demo/source"), 400, "source",
                "is empty; write a program (or start from the template)");
    }

    @Test
    void theImageIsAlwaysUnderTheCallersOwnNamespaceWhateverTheyAskFor() {
        // There is no field to name an image or a repository: it is refused, not ignored.
        problem(Api.as("alice").body(Map.of("language", "rust", "source", "fn main() {}\n",
                "image", "hearth-registry:5000/bob/hello-rust:1")).post("/api/v1/demo/builds"), 400, "image", "unknown field");
        // Another user's cluster does not exist for alice.
        problem(Api.as("bob").body(Map.of("language", "rust", "source", "fn main() {}\n", "clusterId", cluster))
                .post("/api/v1/demo/builds"), 404, null, null);
        problem(build("bob", "rust", "fn main() {}\n"), 409, null, null);

        Response first = build("rust", "fn main() { println!(\"hi\"); }\n");
        first.then().statusCode(202).header("Location", endsWith("/api/v1/builds/" + first.path("id")))
                .body("status", equalTo("QUEUED"))
                .body("image", equalTo("hearth-registry:5000/alice/hello-rust:1"));
        BuildRequest sent = agent.next(BuildRequest.class, r -> r.buildId().equals(first.path("id")), WAIT);
        assertThat(sent.image()).isEqualTo("hearth-registry:5000/alice/hello-rust:1");
        assertThat(sent.clusterId()).isEqualTo(cluster);
        assertThat(sent.language()).isEqualTo(BuildLanguage.RUST);
        assertThat(sent.source()).isEqualTo("fn main() { println!(\"hi\"); }\n");
        assertThat(demo.registryNamespace("alice")).isEqualTo("alice");
        assertThat(fixtures.audit("build", first.path("id"))).containsExactly("demo.build by alice via oidc");

        Response second = build("c", "int main(void) { return 0; }\n");
        second.then().statusCode(202).body("image", equalTo("hearth-registry:5000/alice/hello-c:2"));
        // Bob cannot read alice's build.
        Api.as("bob").get("/api/v1/builds/" + first.path("id")).then().statusCode(404)
                .contentType("application/problem+json");
        Api.as("alice").get("/api/v1/builds/" + first.path("id")).then().statusCode(200)
                .body("clusterId", equalTo(cluster));
    }

    @Test
    void twoPeopleWhoseNamesSanitizeAlikeGetDifferentNamespaces() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID dotted = users.upsert("sub-dot-" + run, "Dana.X" + run, null, null, Set.of("participant"));
        UUID underscored = users.upsert("sub-under-" + run, "dana_x" + run, null, null, Set.of("participant"));

        String one = namespaces.of(dotted);
        String two = namespaces.of(underscored);

        assertThat(one).isEqualTo("dana-x" + run);
        assertThat(two).isEqualTo("dana-x" + run + "-2");
        assertThat(namespaces.of(dotted)).as("kept once given").isEqualTo(one);
    }

    @Test
    void resultsApplyInOrderOnlyFromTheBuildsHostAndAFinishedBuildStaysFinished() {
        String id = build("rust", "fn main() {}\n").then().statusCode(202).extract().path("id");
        agent.next(BuildRequest.class, r -> r.buildId().equals(id), WAIT);

        agent.send(new BuildResult(id, BuildStatus.RUNNING, null, null, null));
        agent.send(new LogChunk("build/" + id, 0, List.of("$ rustc --edition 2021 -O --target wasm32-wasi main.rs",
                "Pushing hearth-registry:5000/alice/hello-rust:1")));
        awaitStatus(id, "RUNNING");
        Eventually.until("alice's build log stored", WAIT, () -> Api.as("alice").accept("text/plain")
                .get("/api/v1/builds/" + id + "/logs").asString().contains("Pushing"));
        Api.as("alice").accept("text/plain").get("/api/v1/builds/" + id + "/logs").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .body(equalTo("$ rustc --edition 2021 -O --target wasm32-wasi main.rs\n"
                        + "Pushing hearth-registry:5000/alice/hello-rust:1\n"));
        Api.as("bob").accept("text/plain").get("/api/v1/builds/" + id + "/logs").then().statusCode(404)
                .contentType("application/problem+json");
        // Live, as the page's log panel reads it: every line with its number, then the end.
        agent.send(new LogChunk("build/" + id, 2, List.of("Pushed hearth-registry:5000/alice/hello-rust:1@sha256:aa"), true));
        Eventually.until("alice's build log ended", WAIT, () -> Api.as("alice").accept("text/plain")
                .get("/api/v1/builds/" + id + "/logs").asString().contains("@sha256:aa"));
        String events = Api.as("alice").accept("text/event-stream").header("Last-Event-ID", "0")
                .get("/api/v1/builds/" + id + "/logs").then().statusCode(200).extract().asString();
        assertThat(events).doesNotContain("$ rustc").contains("id:1", "data:Pushing hearth-registry:5000/alice/hello-rust:1",
                "id:2", "event:end");
        Api.as("bob").accept("text/event-stream").get("/api/v1/builds/" + id + "/logs").then().statusCode(404);
        // Another host's agent cannot change alice's build.
        ProtocolPeer stranger = online(hosts.enrol("stranger"));
        stranger.send(new BuildResult(id, BuildStatus.FAILED, null, null, "forged"));
        agent.send(new BuildResult(id, BuildStatus.SUCCEEDED, "hearth-registry:5000/alice/hello-rust:1",
                "sha256:" + "a".repeat(64), "pushed"));
        awaitStatus(id, "SUCCEEDED");
        // Replayed late, after a reconnect: neither goes back nor flips the outcome.
        agent.send(new BuildResult(id, BuildStatus.RUNNING, null, null, null));
        agent.send(new BuildResult(id, BuildStatus.FAILED, null, null, "late"));
        agent.send(new BuildResult(id, BuildStatus.SUCCEEDED, "hearth-registry:5000/bob/evil:1", "sha256:" + "b".repeat(64), null));
        // A marker after them: once applied, everything sent before it was too.
        String marker = build("rust", "fn main() { }\n").then().statusCode(202).extract().path("id");
        agent.send(new BuildResult(marker, BuildStatus.RUNNING, null, null, null));
        awaitStatus(marker, "RUNNING");

        Api.as("alice").get("/api/v1/builds/" + id).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("image", equalTo("hearth-registry:5000/alice/hello-rust:1"))
                .body("digest", equalTo("sha256:" + "a".repeat(64)))
                .body("message", equalTo("pushed"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void atMostTwoBuildsAtOnceAndAnUnansweredOneFailsAfterTheTimeout() {
        String one = build("rust", "fn main() {}\n").then().statusCode(202).extract().path("id");
        build("rust", "fn main() { }\n").then().statusCode(202);
        Response third = build("rust", "fn main() {  }\n");
        problem(third, 429, null, null);
        third.then().body("detail", equalTo("you have 2 builds queued or running and may have at most 2 at once; "
                + "wait for one to finish"));

        demo.backdateBuild(UUID.fromString(one), Instant.now().minus(Duration.ofMinutes(11)));
        assertThat(timeouts.failStale()).isEqualTo(1);
        Api.as("alice").get("/api/v1/builds/" + one).then().body("status", equalTo("FAILED"))
                .body("message", equalTo("no result from the build host's agent within 600 s; try again"));
        build("rust", "fn main() {  }\n").then().statusCode(202);

        // Builds go with their cluster: its host's registry held their images.
        Api.as("alice").delete("/api/v1/clusters/" + cluster).then().statusCode(202);
        assertThat(timeouts.removeExpired()).isZero();
        demo.markDeleted(cluster); // as the agent's DELETED report leaves it
        assertThat(timeouts.removeExpired()).isEqualTo(3);
        Api.as("alice").get("/api/v1/builds/" + one).then().statusCode(404);
    }

    @Test
    void theStepsAdvanceAsTheSystemChecksThemAndTheProgressIsKept() {
        JsonPath start = progress();
        assertThat(start.getList("steps.state")).containsExactly("DONE", "READY", "LOCKED", "LOCKED", "LOCKED", "LOCKED", "LOCKED");
        assertThat(start.getString("steps[0].detail")).contains("demo-wasi is Ready");
        assertThat(start.getList("steps[0].cli", String.class)).contains(
                "kubectl --kubeconfig hearth-" + cluster + ".yaml get nodes -o wide"); // unnamed: the name is the id
        assertThat(start.getString("language")).isEqualTo("rust");
        assertThat(start.getString("source")).contains("const GREETING");
        assertThat(start.getBoolean("sourceSaved")).isFalse();

        String source = DemoContent.source(BuildLanguage.RUST).replace("Hello from WebAssembly!", "Hello from alice!");
        Api.as("alice").body(Map.of("language", "rust", "source", source)).put("/api/v1/demo/source").then()
                .statusCode(200).body("steps[1].state", equalTo("DONE")).body("steps[2].state", equalTo("READY"));

        String id = build("rust", source).then().statusCode(202).extract().path("id");
        assertThat(progress().getList("steps.state")).startsWith("DONE", "DONE", "RUNNING", "LOCKED");
        assertThat(progress().getBoolean("settling")).isTrue();
        String digest = "sha256:" + "c".repeat(64);
        agent.send(new BuildResult(id, BuildStatus.SUCCEEDED, null, digest, null));
        awaitStatus(id, "SUCCEEDED");
        JsonPath built = progress();
        assertThat(built.getList("steps.state")).containsExactly("DONE", "DONE", "DONE", "DONE", "READY", "LOCKED", "LOCKED");
        assertThat(built.getString("steps[3].detail")).isEqualTo("Pushed hearth-registry:5000/alice/hello-rust:1@" + digest);
        assertThat(built.getString("manifest")).contains("image: hearth-registry:5000/alice/hello-rust:1");
        assertThat(built.getList("steps[3].cli", String.class)).anySatisfy(c -> assertThat(c)
                .startsWith("oras push hearth-registry:5000/alice/hello-rust:1"));

        Response run = Api.as("alice").body(Map.of()).post("/api/v1/demo/run");
        run.then().statusCode(200).body("clusterId", equalTo(cluster)).body("namespace", equalTo("default"))
                .body("pod", equalTo("hello-wasi")).body("logs", startsWith("/api/v1/clusters/" + cluster
                        + "/pods/default/hello-wasi/logs"));
        String uid = run.path("uid");
        // The pod's log is followed from the start: its host's agent is asked for it at once.
        LogFollow follow = agent.next(LogFollow.class, f -> f.podUid().equals(uid), WAIT);
        assertThat(follow.stream().name()).isEqualTo("pod/" + cluster + "/" + uid + "/hello-wasi");
        assertThat(follow.fromSeq()).isZero();
        try (KubernetesClient k8s = apiServer.adminClient()) {
            Pod pod = k8s.pods().inNamespace("default").withName("hello-wasi").get();
            assertThat(pod.getMetadata().getUid()).isEqualTo(uid);
            assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("hearth-registry:5000/alice/hello-rust:1");
            assertThat(k8s.configMaps().inNamespace("default").withName("hello-wasi").get().getData())
                    .containsEntry("message", "hello from a ConfigMap volume");
        }
        JsonPath running = progress();
        assertThat(running.getList("steps.state")).endsWith("DONE", "RUNNING", "LOCKED");
        assertThat(running.getString("steps[5].detail")).isEqualTo("Pod hello-wasi: Pending");
        // Step 7 waits for step 6, and its API says why.
        assertThat(running.getString("steps[6].detail")).isEqualTo("Finish step 6 first: your hello-world must run to ExitCode:0.");
        problem(Api.as("alice").body(Map.of()).post("/api/v1/demo/web/builds"), 409, null, null).then()
                .body("detail", equalTo("Finish step 6 first: your hello-world must run to ExitCode:0."));

        terminate("hello-wasi", 0, "Completed");
        JsonPath done = progress();
        assertThat(done.getList("steps.state")).containsExactly("DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "READY");
        assertThat(done.getString("steps[5].detail")).isEqualTo("Pod hello-wasi: ExitCode:0");
        assertThat(done.getBoolean("settling")).isFalse();
        assertThat(demo.storedStates("alice")).containsExactly("DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "READY");

        // A rerun replaces the pod: a new uid, and a non-zero exit fails step 6 with the code.
        String again = Api.as("alice").body(Map.of()).post("/api/v1/demo/run").then().statusCode(200).extract().path("uid");
        assertThat(again).isNotEqualTo(uid);
        terminate("hello-wasi", 3, "Error");
        JsonPath three = progress();
        assertThat(three.getString("steps[5].state")).isEqualTo("FAILED");
        assertThat(three.getString("steps[5].detail")).isEqualTo("Pod hello-wasi: ExitCode:3 (Error)");

        assertThat(fixtures.audit("cluster", cluster)).contains("demo.run by alice via oidc");
        // Starting over forgets it all and removes the pod.
        Api.as("alice").post("/api/v1/demo/restart").then().statusCode(200)
                .body("sourceSaved", equalTo(false)).body("run", org.hamcrest.Matchers.nullValue());
        try (KubernetesClient k8s = apiServer.adminClient()) {
            Eventually.until("the demo pod deleted", WAIT,
                    () -> k8s.pods().inNamespace("default").withName("hello-wasi").get() == null);
        }
        assertThat(progress().getList("steps.state")).containsExactly("DONE", "READY", "LOCKED", "LOCKED", "LOCKED", "LOCKED", "LOCKED");
    }

    @Test
    void stepSevenBuildsTheGreetingAsAWebAppRunsItAndIsDoneOnceTheAppAnswered200WithIt() throws IOException {
        String source = DemoContent.source(BuildLanguage.RUST).replace("Hello from WebAssembly!", "Hello from alice!");
        walkToStepSix(source);

        Response web = Api.as("alice").body(Map.of()).post("/api/v1/demo/web/builds");
        web.then().statusCode(202).body("image", equalTo("hearth-registry:5000/alice/hello-web-rust:2"))
                .header("Location", endsWith("/api/v1/builds/" + web.path("id")));
        // The builder gets the WAGI template of her language with her greeting; her saved source stays hers.
        BuildRequest sent = agent.next(BuildRequest.class, r -> r.buildId().equals(web.path("id")), WAIT);
        assertThat(sent.source()).contains("const GREETING: &str = \"Hello from alice!\";", "PATH_INFO")
                .isEqualTo(DemoContent.webSource(BuildLanguage.RUST, "Hello from alice!"));
        assertThat(progress().getString("source")).isEqualTo(source);
        assertThat(progress().getString("steps[6].state")).isEqualTo("RUNNING");
        problem(Api.as("alice").body(Map.of()).post("/api/v1/demo/web/run"), 409, null, null);

        agent.send(new BuildResult(web.path("id"), BuildStatus.SUCCEEDED, null, "sha256:" + "e".repeat(64), null));
        awaitStatus(web.path("id"), "SUCCEEDED");
        JsonPath built = progress();
        assertThat(built.getString("steps[6].state")).isEqualTo("READY");
        assertThat(built.getString("steps[6].detail")).isEqualTo("Built hearth-registry:5000/alice/hello-web-rust:2: run it as a web app.");
        String url = "/apps/" + cluster + "/default/hello-web/";
        assertThat(built.getString("webApp.url")).isEqualTo(url);
        assertThat(built.getString("webApp.api")).isEqualTo("/api/v1/clusters/" + cluster + "/apps/default/hello-web/");
        // Steps 1-6 stay as they were: the web app is a build of its own.
        assertThat(built.getList("steps.state")).startsWith("DONE", "DONE", "DONE", "DONE", "DONE", "DONE");

        JsonPath applied = Api.as("alice").body(Map.of()).post("/api/v1/demo/web/run").then().statusCode(200).extract().jsonPath();
        assertThat(applied.getString("webApp.image")).isEqualTo("hearth-registry:5000/alice/hello-web-rust:2");
        try (KubernetesClient k8s = apiServer.adminClient()) {
            Pod pod = k8s.pods().inNamespace("default").withName("hello-web").get();
            assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("hearth-registry:5000/alice/hello-web-rust:2");
            assertThat(pod.getSpec().getContainers().getFirst().getPorts().getFirst().getName()).isEqualTo("http");
            assertThat(k8s.services().inNamespace("default").withName("hello-web").get().getSpec().getSelector())
                    .containsEntry("app", "hello-web");
        }
        // No endpoint yet (the node has not made the pod ready): the app does not answer, step 7 keeps asking.
        JsonPath waiting = progress();
        assertThat(waiting.getString("steps[6].state")).isEqualTo("RUNNING");
        assertThat(waiting.getString("steps[6].detail")).startsWith("Waiting for your app at " + url);
        assertThat(waiting.getBoolean("settling")).isTrue();

        // The WASI node serving the module, as far as the API server lists it (the agent's tunnel goes to its endpoint): the pod's IP
        // and a ready endpoint on this host (the node's WAGI serving has its own tests: wasm-node's WagiIT).
        AtomicReference<String> page = new AtomicReference<>("<h1>Hello from WebAssembly!</h1>");
        HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getByName(hostAddress()), 0), 4);
        node.createContext("/", exchange -> {
            byte[] bytes = page.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        node.start();
        try {
            serveFrom(node);
            // It answers, but not with her greeting: not done.
            Eventually.until("step 7 sees the page without the greeting", WAIT,
                    () -> "FAILED".equals(progress().getString("steps[6].state")));
            assertThat(progress().getString("steps[6].detail")).isEqualTo("Your app at " + url + " answered 200 without your greeting.");

            page.set("<h1>Hello from alice!</h1><p>You asked for <code>/</code> (GET).</p>");
            JsonPath done = progress();
            assertThat(done.getList("steps.state")).containsOnly("DONE").hasSize(7);
            assertThat(done.getString("steps[6].detail")).isEqualTo("Your app at " + url + " answered 200 with your greeting.");
            assertThat(done.getBoolean("settling")).isFalse();
            assertThat(demo.storedStates("alice")).containsOnly("DONE").hasSize(7);
        } finally {
            node.stop(0);
        }
        // Settled: the app is not asked again, so it stays DONE while the node is gone.
        assertThat(progress().getString("steps[6].state")).isEqualTo("DONE");
        // Bob has not finished step 6: his step 7 is locked, and alice's app is not his to see.
        problem(Api.as("bob").body(Map.of()).post("/api/v1/demo/web/builds"), 409, null, null);
        Api.as("bob").get("/api/v1/clusters/" + cluster + "/apps/default/hello-web/").then().statusCode(404);

        // A new greeting makes the hello-world's build READY again, which locks step 7 until step 6 is done again.
        Api.as("alice").body(Map.of("language", "rust", "source", source.replace("alice", "Alice"))).put("/api/v1/demo/source")
                .then().statusCode(200).body("steps[2].state", equalTo("READY")).body("steps[6].state", equalTo("LOCKED"));
    }

    /** Saves {@code source}, builds it (the agent reporting success), runs it and lets its container exit 0. */
    private void walkToStepSix(String source) {
        Api.as("alice").body(Map.of("language", "rust", "source", source)).put("/api/v1/demo/source").then().statusCode(200);
        String id = build("rust", source).then().statusCode(202).extract().path("id");
        agent.send(new BuildResult(id, BuildStatus.SUCCEEDED, null, "sha256:" + "c".repeat(64), null));
        awaitStatus(id, "SUCCEEDED");
        Api.as("alice").body(Map.of()).post("/api/v1/demo/run").then().statusCode(200);
        terminate("hello-wasi", 0, "Completed");
        assertThat(progress().getList("steps.state")).containsExactly("DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "READY");
    }

    /**
     * What the WASI node and the endpoints controller report for the running app: the pod Running with the
     * node's address, and the Service's endpoint at {@code node}'s port named {@code http}.
     */
    private static void serveFrom(HttpServer node) {
        String address = node.getAddress().getAddress().getHostAddress();
        int port = node.getAddress().getPort();
        try (KubernetesClient k8s = apiServer.adminClient()) {
            k8s.pods().inNamespace("default").withName("hello-web").editStatus(p -> {
                p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(address).addNewPodIP().withIp(address).endPodIP()
                        .build());
                return p;
            });
            k8s.endpoints().inNamespace("default").resource(new EndpointsBuilder().withNewMetadata().withName("hello-web").endMetadata()
                    .addNewSubset().addNewAddress().withIp(address).withNewTargetRef().withKind("Pod").withNamespace("default")
                    .withName("hello-web").endTargetRef().endAddress()
                    .addNewPort().withName("http").withPort(port).endPort().endSubset().build()).createOr(e -> e.update());
        }
    }

    /** An address of this host that the kube-apiserver (another process here) can reach and accepts as a pod's. */
    private static String hostAddress() {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("10.255.255.254"), 9));
            return socket.getLocalAddress().getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBadManifestIsRefusedWithWhereAndWhyBeforeAnythingReachesTheCluster() {
        String id = build("rust", "fn main() {}\n").then().statusCode(202).extract().path("id");
        agent.send(new BuildResult(id, BuildStatus.SUCCEEDED, null, "sha256:" + "d".repeat(64), null));
        awaitStatus(id, "SUCCEEDED");

        problem(Api.as("alice").body(Map.of("manifest", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n"))
                .post("/api/v1/demo/run"), 400, "manifest", null).then()
                .body("errors[0].message", startsWith("is not valid YAML at line "));
        problem(Api.as("alice").body(Map.of("manifest", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"))
                .put("/api/v1/demo/manifest"), 400, "manifest",
                "document 1 is a Deployment (apps/v1); the demo applies one v1 Pod and its v1 ConfigMaps");
        // What the API server itself refuses comes back the same way, naming the manifest.
        String invalidName = progress().getString("manifest").replace("name: hello-wasi\n  namespace", "name: Hello_Wasi\n  namespace");
        problem(Api.as("alice").body(Map.of("manifest", invalidName)).post("/api/v1/demo/run"), 400, "manifest", null)
                .then().body("errors[0].message", containsString("the cluster's API server refused it"));
        try (KubernetesClient k8s = apiServer.adminClient()) {
            assertThat(k8s.pods().inNamespace("default").list().getItems()).isEmpty();
        }
        assertThat(progress().getString("steps[4].state")).isEqualTo("FAILED");

        // An edited manifest is kept and shown with the current image; blank resets it.
        String edited = progress().getString("manifest").replace("hello from a ConfigMap volume", "alice's own");
        Api.as("alice").body(Map.of("manifest", edited)).put("/api/v1/demo/manifest").then().statusCode(200)
                .body("manifestEdited", equalTo(true)).body("manifest", containsString("alice's own"));
        Map<String, Object> blank = new HashMap<>();
        blank.put("manifest", "");
        Api.as("alice").body(blank).put("/api/v1/demo/manifest").then().statusCode(200)
                .body("manifestEdited", equalTo(false));
    }

    private Response build(String language, String source) {
        return build("alice", language, source);
    }

    private static Response build(String user, String language, String source) {
        return Api.as(user).body(Map.of("language", language, "source", source)).post("/api/v1/demo/builds");
    }

    private static JsonPath progress() {
        return Api.as("alice").get("/api/v1/demo").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(String buildId, String status) {
        Eventually.until("build " + buildId + " " + status, WAIT,
                () -> status.equals(Api.as("alice").get("/api/v1/builds/" + buildId).path("status")));
    }

    /** Reports the pod's container terminated, as its kubelet would. */
    private static void terminate(String pod, int exitCode, String reason) {
        try (KubernetesClient k8s = apiServer.adminClient()) {
            k8s.pods().inNamespace("default").withName(pod).editStatus(p -> {
                p.setStatus(new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .addNewContainerStatus().withName("hello-wasi").withImage(p.getSpec().getContainers().getFirst()
                                .getImage()).withImageID("").withReady(false).withRestartCount(0)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason).endTerminated()
                        .endState().endContainerStatus().build());
                return p;
            });
        }
    }

    /** Asserts a response's status and, for problems, the RFC 9457 shape and the field it names. */
    private static Response problem(Response response, int status, String field, String message) {
        response.then().statusCode(status);
        if (status >= 400) {
            response.then().contentType("application/problem+json").body("status", equalTo(status));
            if (field != null) {
                response.then().body("errors[0].field", equalTo(field));
            }
            if (message != null) {
                response.then().body("errors[0].message", equalTo(message));
            }
        }
        return response;
    }

    private ProtocolPeer online(EnrolledHost enrolled) {
        ProtocolPeer peer = ProtocolPeer.connect(base, enrolled.bearer());
        peer.send(new Hello(enrolled.name(), "demo-test/1.0", new Capacity(4, 16_384 * MIB, 40)));
        peers.add(peer);
        return peer;
    }
}
