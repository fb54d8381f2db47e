package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.backend.cluster.ClusterKubeconfig;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.harness.ControlPlane;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster page follows provisioning live, like {@code kind create cluster}: each step appears as
 * the agent reports it, is ticked with its time when the next begins, the failing step carries its
 * reason, the phase badge follows — all without a reload, over SSE that resumes after the last event.
 * Once READY, the page shows what the cluster's own API server (a real kube-apiserver here) lists.
 * The agent is a {@link TestAgent} on the real agent channel, so every report goes through the
 * backend's own handling.
 */
@QuarkusTest
class ClusterProgressBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URL app;

    @Inject
    Fixtures fixtures;

    @Inject
    HostFixtures hosts;

    TestAgent agent;

    @BeforeAll
    static void startApiServer() {
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            // Registered as a kubelet registers its node; the WASI node does so itself once it exists.
            kubernetes.nodes().resource(new NodeBuilder()
                    .withNewMetadata().withName("ready-demo-wasi")
                    .addToLabels("kubernetes.io/arch", "wasm32-wasi").addToLabels("type", "krustlet").endMetadata()
                    .withNewStatus()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                    .withNewNodeInfo().withKubeletVersion("v1.36.3").withArchitecture("wasm32-wasi")
                    .withOperatingSystem("wasm32-wasi").withContainerRuntimeVersion("").withKernelVersion("")
                    .withOsImage("").withKubeProxyVersion("").withBootID("").withMachineID("").withSystemUUID("")
                    .endNodeInfo()
                    .endStatus().build()).create();
        }
    }

    @AfterAll
    static void stopApiServer() {
        apiServer.close();
    }

    @BeforeEach
    void clean() throws Exception {
        fixtures.forget("alice");
        hosts.removeTestHosts();
        agent = TestAgent.online(app.toURI(), hosts, "portal");
    }

    @AfterEach
    void disconnect() {
        agent.close();
        hosts.removeTestHosts();
    }

    @Test
    void stepsAppearAsTheyHappenAndTheFailingOneSaysWhy() {
        try (Visitor alice = chromium.visitor(app, "progress-live").signIn("alice")) {
            String id = request("live-demo");
            agent.receives(id);
            alice.open("/clusters/" + id);
            assertThat(alice.heading("live-demo")).isVisible();
            Locator steps = alice.page().getByLabel("Provisioning steps");
            assertThat(step(steps, "Waiting for a host with capacity")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Scheduled on host " + agent.hostName())).hasAttribute("data-state", "DONE");
            assertThat(alice.page().getByLabel("Phase")).containsText("Scheduled");

            agent.step(id, "Generating certificates");
            assertThat(step(steps, "Generating certificates")).hasAttribute("data-state", "RUNNING");
            assertThat(alice.page().getByLabel("Phase")).containsText("Provisioning");
            assertThat(alice.page().getByLabel("Phase")).containsText("Generating certificates");
            alice.screenshot("running");

            agent.step(id, "Starting etcd");
            assertThat(step(steps, "Generating certificates")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Generating certificates").locator(".took")).hasText(Pattern.compile("\\d+\\.\\ds"));
            assertThat(step(steps, "Starting etcd")).hasAttribute("data-state", "RUNNING");

            agent.step(id, "Starting API server").failed(id, "Starting API server",
                    "failed to start API server for cluster " + id + ": container exited 1; next attempt in 2 s");
            Locator failed = step(steps, "Starting API server");
            assertThat(failed).hasAttribute("data-state", "FAILED");
            assertThat(failed).containsText("container exited 1; next attempt in 2 s");
            assertThat(alice.page().getByLabel("Phase")).containsText("Failed");
            assertThat(alice.page().getByLabel("Cluster events")).containsText("container exited 1");
            // One line per step, in order: nothing repeated by the re-rendering.
            assertThat(steps.locator("li")).hasCount(5);
            assertThat(alice.link("Download kubeconfig")).hasCount(0);
            alice.screenshot("failed");
        }
    }

    @Test
    void aReadyClusterShowsItsNodesAndNamespacesAndItsKubeconfigAndSaysWhenItStopsAnswering() throws Exception {
        try (Visitor alice = chromium.visitor(app, "progress-ready").signIn("alice")) {
            String id = request("ready-demo");
            agent.receives(id);
            alice.open("/clusters/" + id);
            assertThat(alice.heading("ready-demo")).isVisible();
            agent.step(id, "Starting API server").ready(id, apiServer.server(), apiServer.adminKubeconfig());

            Locator steps = alice.page().getByLabel("Provisioning steps");
            assertThat(step(steps, "Cluster ready")).hasAttribute("data-state", "DONE");
            assertThat(alice.page().getByLabel("Phase")).containsText("Ready");
            // What the cluster's API server lists, in kubectl's columns.
            Locator node = alice.row("Node ready-demo-wasi");
            assertThat(node).containsText("Ready");
            assertThat(node).containsText("v1.36.3");
            assertThat(node).containsText("wasm32-wasi");
            assertThat(alice.page().getByRole(AriaRole.TABLE,
                    new Page.GetByRoleOptions().setName("Namespaces").setExact(true))).containsText("kube-system");
            assertThat(alice.row("Namespace default")).containsText("Active");
            assertThat(alice.field("kubectl commands")).containsText("kubectl --kubeconfig hearth-ready-demo.yaml get nodes");
            alice.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
            alice.button("Copy kubectl commands").click();
            assertThat(alice.button("Copy kubectl commands")).hasText("Copied");
            assertThat(alice.page().evaluate("navigator.clipboard.readText()")).isEqualTo(
                    "kubectl --kubeconfig hearth-ready-demo.yaml get nodes\n"
                            + "kubectl --kubeconfig hearth-ready-demo.yaml get namespaces");
            alice.screenshot("ready");

            Download download = alice.page().waitForDownload(() -> alice.link("Download kubeconfig").click());
            assertThat(download.suggestedFilename()).isEqualTo("hearth-ready-demo.yaml");
            // What the agent sent, rebuilt from its server, CA and client certificate and key only.
            assertThat(Files.readString(download.path()))
                    .isEqualTo(ClusterKubeconfig.parse(apiServer.adminKubeconfig()).yaml("hearth-" + id));

            // Its credentials now name a port where nothing listens: the panel says so, in words.
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            String unreachable = apiServer.adminKubeconfig().replace(apiServer.server(), "https://127.0.0.1:" + closed);
            agent.credentials(id, unreachable);
            Eventually.until("the new kubeconfig to be stored", Duration.ofSeconds(10), () -> Api.as("alice")
                    .get("/api/v1/clusters/" + id + "/kubeconfig").asString().contains(":" + closed));
            alice.button("Refresh nodes and namespaces").click();
            Locator notAnswering = alice.page().getByLabel("Cluster not answering");
            assertThat(notAnswering).containsText("The API server at https://127.0.0.1:" + closed + " refused the connection");
            assertThat(alice.row("Node ready-demo-wasi")).hasCount(0);
            alice.screenshot("not-answering");

            agent.credentials(id, apiServer.adminKubeconfig());
            Eventually.until("the working kubeconfig to be stored again", Duration.ofSeconds(10), () -> Api.as("alice")
                    .get("/api/v1/clusters/" + id + "/kubeconfig").asString().contains(apiServer.server()));
            alice.button("Refresh nodes and namespaces").click();
            assertThat(alice.row("Node ready-demo-wasi")).isVisible();
            assertThat(notAnswering).hasCount(0);
        }
    }

    @Test
    void aReadyClusterFitsAPhoneScreenInTheDarkScheme() {
        try (Visitor alice = chromium.phoneVisitor(app, "progress-phone").signIn("alice")) {
            String id = request("pocket-ready");
            agent.receives(id).step(id, "Starting API server").ready(id, apiServer.server(), apiServer.adminKubeconfig());
            // The agent's reports are applied asynchronously: open the page once the cluster is READY.
            Eventually.until("the cluster to be READY", Duration.ofSeconds(10), () -> "READY".equals(Api.as("alice")
                    .get("/api/v1/clusters/" + id).jsonPath().getString("phase")));
            alice.open("/clusters/" + id);
            assertThat(alice.row("Node ready-demo-wasi")).isVisible();
            assertThat(alice.link("Download kubeconfig")).isVisible();
            Object overflow = alice.page().evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("page wider than the screen by").isLessThanOrEqualTo(0);
            alice.screenshot("ready");
        }
    }

    @Test
    void aReconnectingStreamResumesAfterTheLastEventItSaw() throws Exception {
        try (Visitor alice = chromium.visitor(app, "progress-resume").signIn("alice")) {
            String id = request("resume-demo");
            agent.receives(id);
            alice.open("/clusters/" + id);
            assertThat(alice.heading("resume-demo")).isVisible();
            agent.step(id, "Generating certificates");
            long scheduled = eventId(id, "SCHEDULED", null);
            long certificates = eventId(id, "PROVISIONING", "Generating certificates");
            String cookies = alice.context().cookies().stream().map(c -> c.name + "=" + c.value)
                    .collect(Collectors.joining("; "));

            // As EventSource does after a dropped connection: the same URL, with Last-Event-ID.
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest resume = HttpRequest.newBuilder(URI.create(alice.url("/clusters/" + id + "/live?after=0")))
                    .header("Accept", "text/event-stream").header("Cookie", cookies)
                    .header("Last-Event-ID", Long.toString(scheduled)).build();
            HttpResponse<java.io.InputStream> response = http.send(resume, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader stream = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                Map<String, String> first = nextEvent(stream, "progress");
                // Only what came after the event it had: the certificates step, not the scheduling again...
                assertThat(Long.parseLong(first.get("id"))).isEqualTo(certificates);
                // ...yet the list it carries is the whole one, so the page is right after the swap.
                assertThat(first.get("data")).contains("Scheduled on host " + agent.hostName(), "Generating certificates");

                agent.step(id, "Starting etcd");
                Map<String, String> next = nextEvent(stream, "progress");
                assertThat(Long.parseLong(next.get("id"))).isEqualTo(eventId(id, "PROVISIONING", "Starting etcd"));
                assertThat(next.get("data")).contains("Starting etcd");
            } finally {
                response.body().close();
            }
        }
    }

    @Test
    void deletingTheClusterEndsTheStreamAndTheListSaysDeleted() {
        try (Visitor alice = chromium.visitor(app, "progress-deleted").signIn("alice")) {
            String id = request("gone-demo");
            agent.receives(id);
            alice.open("/clusters/" + id);
            assertThat(alice.heading("gone-demo")).isVisible();
            alice.button("Delete cluster gone-demo").click();
            Locator steps = alice.page().getByLabel("Provisioning steps");
            assertThat(step(steps, "Deleted")).hasAttribute("data-state", "DONE");
            assertThat(alice.page().getByLabel("Phase")).containsText("Deleted");
            assertThat(alice.button("Delete cluster gone-demo")).hasCount(0);
            alice.screenshot("deleted");
        }
    }

    /** The id of the cluster's event with that phase and step, once the backend has written it. */
    private static long eventId(String clusterId, String phase, String step) {
        return Eventually.get("a " + phase + " event" + (step == null ? "" : " for '" + step + "'"), Duration.ofSeconds(10), () -> {
            List<Map<String, Object>> events = Api.as("alice").get("/api/v1/clusters/" + clusterId + "/events")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return events.stream()
                    .filter(e -> phase.equals(e.get("phase")) && Objects.equals(step, e.get("step")))
                    .map(e -> ((Number) e.get("id")).longValue())
                    .findFirst().orElse(null);
        });
    }

    private static Locator step(Locator steps, String label) {
        return steps.locator("li").filter(new Locator.FilterOptions().setHas(
                steps.page().locator(".step-label").getByText(label, new Locator.GetByTextOptions().setExact(true))));
    }

    private static String request(String name) {
        return Api.as("alice").body(Map.of("name", name)).post("/api/v1/clusters")
                .then().statusCode(202).extract().path("id");
    }

    /** Reads server-sent events until one named {@code name}; its fields, with data lines joined. */
    private static Map<String, String> nextEvent(BufferedReader stream, String name) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, String> fields = new java.util.HashMap<>();
                List<String> data = new ArrayList<>();
                for (String line = stream.readLine(); line != null; line = stream.readLine()) {
                    if (line.isEmpty()) {
                        if (name.equals(fields.get("event"))) {
                            fields.put("data", String.join("\n", data));
                            return fields;
                        }
                        fields.clear();
                        data.clear();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).stripLeading());
                    } else if (line.contains(":")) {
                        fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip());
                    }
                }
                throw new IllegalStateException("the stream ended before a '" + name + "' event");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    }
}
