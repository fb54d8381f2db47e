package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster page's pods and live log panel in Chromium: alice's READY cluster (its API server a
 * real kube-apiserver holding the pods) lists them as kubectl does, "Logs" opens the panel, and the
 * lines the cluster's agent (a protocol peer on the real channel) sends stream in; Pause holds them
 * back while counting, Follow shows them, Clear empties the view, Download saves the whole log.
 */
@QuarkusTest
class PodLogsBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URL app;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    ProtocolPeer agent;
    String clusterId;

    @BeforeAll
    static void pods() {
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.serviceAccounts().inNamespace("default")
                    .resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
            kubernetes.pods().inNamespace("default").resource(pod("hello")).create();
            Pod done = kubernetes.pods().inNamespace("default").resource(pod("done")).create();
            // As a kubelet reports a finished container: kubectl shows it as ExitCode:0 in STATUS.
            done.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded")
                    .withContainerStatuses(new ContainerStatusBuilder().withName("main").withImage("x").withImageID("")
                            .withReady(false).withRestartCount(0)
                            .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState()
                            .build())
                    .build());
            kubernetes.pods().inNamespace("default").resource(done).updateStatus();
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("hearth-registry:5000/alice/hello:1").endContainer()
                .withAutomountServiceAccountToken(false).endSpec().build();
    }

    @AfterAll
    static void stopApiServer() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @BeforeEach
    void readyCluster() throws Exception {
        hosts.removeTestHosts();
        fixtures.forget("alice");
        clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        EnrolledHost host = hosts.enrol("podpage");
        agent = ProtocolPeer.connect(app.toURI(), host.bearer());
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L * 1024 * 1024, 20)));
        agent.next(DesiredClusters.class, WAIT);
        long generation = agent.desiredWith(clusterId, true, WAIT).clusters().getFirst().generation();
        agent.send(new Credentials(clusterId, apiServer.adminKubeconfig()));
        agent.send(new ClusterObserved(clusterId, generation, ObservedPhase.READY, null, apiServer.server(), null));
        Eventually.until("alice's cluster is READY", WAIT,
                () -> "READY".equals(Api.as("alice").get("/api/v1/clusters/" + clusterId).path("phase")));
    }

    @AfterEach
    void cleanUp() {
        agent.close();
        hosts.removeTestHosts();
        fixtures.forget("alice");
    }

    @Test
    void theLogPanelFollowsPausesClearsAndDownloads() throws Exception {
        try (Visitor alice = chromium.signIn(app, "podlogs-alice", "alice")) {
            alice.open("/clusters/" + clusterId);
            assertThat(alice.row("Pod default/done")).containsText("ExitCode:0");
            assertThat(alice.row("Pod default/hello")).containsText("Pending");
            alice.screenshot("pods");

            alice.button("Show logs of default/hello main").click();
            LogFollow follow = agent.next(LogFollow.class, WAIT);
            Locator panel = alice.page().getByLabel("Logs of default/hello main", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true));
            Locator lines = alice.page().getByRole(com.microsoft.playwright.options.AriaRole.LOG);
            assertThat(panel).isVisible();

            agent.send(new LogChunk(follow.stream(), 0, List.of("Hello, world!", "stderr: a warning")));
            assertThat(lines).containsText("Hello, world!");
            assertThat(lines).containsText("stderr: a warning");
            assertThat(alice.page().getByLabel("Logs of default/hello main line count")).hasText("2 lines");

            alice.button("Pause").click();
            assertThat(alice.button("Pause")).hasAttribute("aria-pressed", "true");
            agent.send(new LogChunk(follow.stream(), 2, List.of("while paused 1", "while paused 2")));
            assertThat(alice.page().getByLabel("Logs of default/hello main line count")).hasText("4 lines (2 new while paused)");
            assertThat(lines).not().containsText("while paused 1");
            alice.screenshot("paused");

            alice.button("Follow").click();
            assertThat(lines).containsText("while paused 2");
            assertThat(alice.page().getByLabel("Logs of default/hello main line count")).hasText("4 lines");

            alice.button("Clear").click();
            assertThat(lines).not().containsText("Hello, world!");
            agent.send(new LogChunk(follow.stream(), 4, IntStream.range(0, 3).mapToObj(i -> "after clear " + i).toList(), true));
            assertThat(lines).containsText("after clear 2");
            assertThat(alice.page().getByLabel("Logs of default/hello main state")).hasText("ended");
            alice.screenshot("ended");

            Download download = alice.page().waitForDownload(() -> alice.link("Download").click());
            assertThat(Files.readString(download.path())).isEqualTo(
                    "Hello, world!\nstderr: a warning\nwhile paused 1\nwhile paused 2\nafter clear 0\nafter clear 1\nafter clear 2\n");
            assertThat(download.suggestedFilename()).isEqualTo("hello-main.log");
            // The page's live parts run under the portal's CSP: nothing in them may need eval (an htmx
            // trigger filter did, and the refusal left the pods panel saying "Asking…" for good).
            assertThat(alice.scriptErrors()).isEmpty();
        }
    }
}
