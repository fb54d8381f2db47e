package dev.hearth.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.wasmnode.image.OciPusher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's "participants on their own laptops", on one machine: a laptop network namespace that
 * reaches this machine only at the advertised address (the host side of a veth). From the laptop, alice
 * signs in at the public URL through Keycloak in a browser running inside the namespace, gets a
 * cluster, downloads its kubeconfig, and stock kubectl run inside the namespace lists the cluster's
 * WASI node Ready and streams a Wasm pod's log with {@code logs -f} — through the host's one endpoint
 * port, routed by the kubeconfig's tls-server-name. The backend's own view of the cluster ("Inside the
 * cluster") goes the same way. And the attack: a kubeconfig pointed at another cluster's name through
 * the shared endpoint gets nowhere.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaptopSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path SCREENSHOTS = RunPaths.target("screenshots");

    @RegisterExtension
    @Order(1)
    static final LaptopNetwork LAPTOP = LaptopNetwork.create();
    @RegisterExtension
    @Order(2)
    static final SystemStack STACK = SystemStack.withBackendSettings(LAPTOP.backendSettings());
    @RegisterExtension
    @Order(3)
    static final SystemBrowser CHROMIUM = new SystemBrowser(LAPTOP.chromium());
    private static Agent agent;
    private static Path kubeconfig;
    private static String clusterId;

    @BeforeAll
    static void start() {
        agent = STACK.startAgent("laptop", Map.of("hearth.agent.advertise-address", LAPTOP.hostAddress()));
    }

    @Test
    @Order(1)
    void aParticipantOnTheirLaptopSignsInGetsAClusterAndReachesItWithStockKubectl() throws Exception {
        try (BrowserContext context = CHROMIUM.newContext()) {
            Page page = context.newPage();
            SystemBrowser.signIn(page, LAPTOP.portalUrl(), "alice");
            assertThat(page.url()).startsWith(LAPTOP.portalUrl());

            page.getByLabel("Cluster name", new Page.GetByLabelOptions().setExact(true)).fill("laptop-e2e");
            button(page, "Request cluster").click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open cluster laptop-e2e").setExact(true)).click();
            assertThat(page.getByLabel("Phase")).containsText("Ready",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(READY_WITHIN.toMillis()));

            // The backend's own view, asked through the host's endpoint like the participant's kubectl.
            Locator wasi = page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Node laptop-e2e-wasi").setExact(true));
            assertThat(wasi).containsText("Ready");
            assertThat(page.getByLabel("Cluster not answering")).hasCount(0);
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("laptop-cluster.png")));

            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Download kubeconfig").setExact(true)).click());
            kubeconfig = Files.copy(download.path(), RunPaths.target("tmp").resolve("laptop-" + LAPTOP.netns() + ".yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
            clusterId = page.url().replaceFirst(".*/clusters/", "").replaceFirst("[?#].*", "");
        }

        JsonNode cluster = YAML.readTree(kubeconfig.toFile()).path("clusters").get(0).path("cluster");
        URI server = URI.create(cluster.path("server").asText());
        assertThat(server.getHost()).as("the kubeconfig names the advertised address").isEqualTo(LAPTOP.hostAddress());
        assertThat(server.getPort()).as("the host's one endpoint port, not a port of this cluster's own").isEqualTo(endpointPort());
        assertThat(cluster.path("tls-server-name").asText()).isEqualTo("hearth-" + clusterId + "-control-plane");

        Kubectl kubectl = Kubectl.inNetworkNamespace(LAPTOP.netns(), kubeconfig);
        String nodes = kubectl.run("get", "nodes", "--no-headers");
        assertThat(nodes).containsPattern("(?m)^laptop-e2e-wasi\\s+Ready\\s");

        OciPusher registry = new OciPusher(URI.create("http://127.0.0.1:" + agent.registryPort()));
        registry.wasmToOci("e2e-ticker", "v1", DemoModules.module("ticker"));
        // 40 lines, one every 200 ms, after 2 s: running long enough to be followed while it writes.
        kubectl.run("apply", "-f", DemoModules.manifest("ticker/pod.yaml", "args: [\"50\", \"100\"]",
                "args: [\"40\", \"200\", \"2000\"]").toString());
        Waits.until("the ticker pod to run", Duration.ofMinutes(2),
                () -> kubectl.run("get", "pod", "ticker", "-o", "jsonpath={.status.phase}").strip(), "Running"::equals);

        Process follow = new ProcessBuilder(kubectl.command("logs", "-f", "ticker")).redirectErrorStream(true).start();
        try {
            List<String> lines = new ArrayList<>();
            boolean aliveAtFirstLine;
            try (var reader = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                String first = CompletableFuture.supplyAsync(() -> readLine(reader)).get(60, TimeUnit.SECONDS);
                aliveAtFirstLine = follow.isAlive();
                lines.add(first);
                for (String line = readLine(reader); line != null; line = readLine(reader)) {
                    lines.add(line);
                }
            }
            assertThat(follow.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(aliveAtFirstLine).as("the first line arrived while the pod still ran: a live stream").isTrue();
            assertThat(lines).hasSize(40);
            assertThat(lines.getFirst()).startsWith("tick 0 ");
            assertThat(lines.getLast()).startsWith("tick 39 ");
            assertThat(follow.exitValue()).isZero();
        } finally {
            follow.destroyForcibly();
        }
    }

    @Test
    @Order(2)
    void aKubeconfigPointedAtAnotherClustersNameThroughTheSharedEndpointGetsNowhere() throws Exception {
        assertThat(kubeconfig).as("the first test's kubeconfig").isNotNull();
        Kubectl alices = Kubectl.inNetworkNamespace(LAPTOP.netns(), kubeconfig);
        // A watch open through the endpoint while another cluster arrives: its route is added by a
        // reload of HAProxy, which must not drop connections it already holds.
        Path watched = RunPaths.target("tmp").resolve("laptop-watch-" + LAPTOP.netns() + ".txt");
        Process watch = new ProcessBuilder(alices.command("get", "namespaces", "--watch", "-o", "name"))
                .redirectErrorStream(true).redirectOutput(watched.toFile()).start();
        try {
            Waits.until("the watch to list the namespaces", Duration.ofSeconds(60), () -> read(watched),
                    text -> text.contains("namespace/kube-system"));
            String other = STACK.api().requestCluster("not-alices").id();
            STACK.api().awaitPhase(other, Phase.READY, READY_WITHIN);
            alices.run("create", "namespace", "after-reload");
            Waits.until("the watch opened before the reload to see a namespace made after it", Duration.ofSeconds(60),
                    () -> read(watched), text -> text.contains("namespace/after-reload"));
            assertThat(watch.isAlive()).isTrue();
            attackWith(other);
        } finally {
            watch.destroyForcibly();
        }
    }

    private void attackWith(String other) throws Exception {
        // alice edits her kubeconfig to name the admin's cluster: the endpoint routes her there, but the
        // TLS stays end to end: that API server's certificate is not signed by her cluster's CA.
        Path redirected = Files.writeString(RunPaths.target("tmp").resolve("laptop-redirected.yaml"),
                Files.readString(kubeconfig).replace("hearth-" + clusterId + "-control-plane", "hearth-" + other + "-control-plane"));
        Scripts.Result refused = Scripts.run(Kubectl.inNetworkNamespace(LAPTOP.netns(), redirected)
                .command("get", "namespaces", "--request-timeout=20s"), Duration.ofSeconds(60));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("x509").doesNotContain("kube-system");

        // A name the endpoint has no route for: the connection is closed, nothing answers.
        Path unknown = Files.writeString(RunPaths.target("tmp").resolve("laptop-unknown.yaml"),
                Files.readString(kubeconfig).replace("hearth-" + clusterId + "-control-plane", "hearth-nosuchcluster-control-plane"));
        Scripts.Result closed = Scripts.run(Kubectl.inNetworkNamespace(LAPTOP.netns(), unknown)
                .command("get", "namespaces", "--request-timeout=20s"), Duration.ofSeconds(60));
        assertThat(closed.exitCode()).isNotZero();
        assertThat(closed.stdout() + closed.stderr()).doesNotContain("kube-system");

        // Her own kubeconfig still works: the new cluster's route did not disturb hers.
        assertThat(Kubectl.inNetworkNamespace(LAPTOP.netns(), kubeconfig).run("get", "namespaces", "-o", "name"))
                .contains("namespace/kube-system");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int endpointPort() {
        return Integer.parseInt(agent.setting("hearth.agent.endpoint.port"));
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
