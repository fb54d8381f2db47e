package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hearth.backend.cluster.ClusterPhase.FAILED;
import static dev.hearth.backend.cluster.ClusterPhase.PROVISIONING;
import static dev.hearth.backend.cluster.ClusterPhase.READY;
import static dev.hearth.backend.cluster.ClusterPhase.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster page follows provisioning live, like {@code kind create cluster}: each step appears as
 * the agent reports it, is ticked with its time when the next begins, the failing step carries its
 * reason, the phase badge follows — all without a reload, over SSE that resumes after the last event.
 */
@QuarkusTest
class ClusterProgressBrowserIT {

    static PortalBrowser chromium;

    @TestHTTPResource("/")
    URL app;

    @Inject
    Fixtures fixtures;

    @Inject
    AgentStandIn agent;

    @BeforeAll
    static void launch() {
        chromium = PortalBrowser.launch();
    }

    @AfterAll
    static void shutdown() {
        chromium.close();
    }

    @BeforeEach
    void clean() {
        fixtures.forget("alice");
    }

    @Test
    void stepsAppearAsTheyHappenAndTheFailingOneSaysWhy() {
        try (Visitor alice = chromium.visitor(app, "progress-live").signIn("alice")) {
            String id = request("live-demo");
            alice.open("/clusters/" + id);
            assertThat(alice.heading("live-demo")).isVisible();
            Locator steps = alice.page().getByLabel("Provisioning steps");
            assertThat(step(steps, "Waiting for a host with capacity")).hasAttribute("data-state", "RUNNING");
            assertThat(alice.page().getByLabel("Phase")).containsText("Requested");

            agent.observe(id, SCHEDULED, null, "Scheduled on host test-host");
            assertThat(step(steps, "Scheduled on host test-host")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Waiting for a host with capacity")).hasAttribute("data-state", "DONE");
            assertThat(alice.page().getByLabel("Phase")).containsText("Scheduled");

            agent.observe(id, PROVISIONING, "Generating certificates", "Generating certificates");
            assertThat(step(steps, "Generating certificates")).hasAttribute("data-state", "RUNNING");
            assertThat(alice.page().getByLabel("Phase")).containsText("Provisioning");
            assertThat(alice.page().getByLabel("Phase")).containsText("Generating certificates");
            alice.screenshot("running");

            agent.observe(id, PROVISIONING, "Starting etcd", "Starting etcd");
            assertThat(step(steps, "Generating certificates")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Generating certificates").locator(".took")).hasText(Pattern.compile("\\d+\\.\\ds"));
            assertThat(step(steps, "Starting etcd")).hasAttribute("data-state", "RUNNING");

            agent.observe(id, PROVISIONING, "Starting API server", "Starting API server");
            agent.observe(id, FAILED, "Starting API server",
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
    void aReadyClusterOffersItsKubeconfigAndCommandsAndSaysWhenItCannotBeReached() {
        try (Visitor alice = chromium.visitor(app, "progress-ready").signIn("alice")) {
            String id = request("ready-demo");
            alice.open("/clusters/" + id);
            assertThat(alice.heading("ready-demo")).isVisible();
            agent.observe(id, SCHEDULED, null, "Scheduled on host test-host");
            agent.observe(id, PROVISIONING, "Starting API server", "Starting API server");
            agent.observe(id, READY, null, "Ready; API server at https://127.0.0.1:6443");

            Locator steps = alice.page().getByLabel("Provisioning steps");
            assertThat(step(steps, "Cluster ready")).hasAttribute("data-state", "DONE");
            assertThat(alice.page().getByLabel("Phase")).containsText("Ready");
            assertThat(alice.link("Download kubeconfig")).isVisible();
            assertThat(alice.link("Download kubeconfig")).hasAttribute("download", "hearth-ready-demo.yaml");
            assertThat(alice.field("kubectl commands"))
                    .containsText("kubectl --kubeconfig hearth-ready-demo.yaml get nodes");
            assertThat(alice.button("Copy kubectl commands")).isVisible();
            // The stand-in delivers no credentials, so the panel says the cluster cannot be asked — in words.
            Locator notAnswering = alice.page().getByLabel("Cluster not answering");
            assertThat(notAnswering).isVisible();
            assertThat(notAnswering).containsText("kubeconfig");
            assertThat(notAnswering).not().containsText("Exception");
            assertThat(alice.button("Refresh nodes and namespaces")).isVisible();
            alice.screenshot("ready");
        }
    }

    @Test
    void aReconnectingStreamResumesAfterTheLastEventItSaw() throws Exception {
        try (Visitor alice = chromium.visitor(app, "progress-resume").signIn("alice")) {
            String id = request("resume-demo");
            alice.open("/clusters/" + id);
            assertThat(alice.heading("resume-demo")).isVisible();
            long scheduled = agent.observe(id, SCHEDULED, null, "Scheduled on host test-host");
            agent.observe(id, PROVISIONING, "Generating certificates", "Generating certificates");
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
                // Only what came after the event it had: the certificates step, not the scheduling again.
                long certificates = Long.parseLong(first.get("id"));
                assertThat(certificates).isGreaterThan(scheduled);
                // Yet the list it carries is the whole one, so the page is right after the swap.
                assertThat(first.get("data")).contains("Scheduled on host test-host", "Generating certificates");

                long etcd = agent.observe(id, PROVISIONING, "Starting etcd", "Starting etcd");
                Map<String, String> next = nextEvent(stream, "progress");
                assertThat(Long.parseLong(next.get("id"))).isEqualTo(etcd);
            } finally {
                response.body().close();
            }
        }
    }

    @Test
    void deletingTheClusterEndsTheStreamAndTheListSaysDeleted() {
        try (Visitor alice = chromium.visitor(app, "progress-deleted").signIn("alice")) {
            String id = request("gone-demo");
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
