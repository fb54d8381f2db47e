package dev.hearth.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster page with a real cluster: alice signs in through Keycloak, requests a cluster on the
 * page, watches the real agent's provisioning steps tick by live, then sees the namespaces the
 * cluster's own API server lists, downloads the kubeconfig and uses it with stock kubectl, and
 * deletes the cluster from the page.
 */
@Timeout(300)
class ClusterPageSystemIT {

    /** The Keycloak dev realm redirects only to the portal's known ports; 8082 is the portal tests' one. */
    private static final int PORT = 8082;
    private static final Path SCREENSHOTS = RunPaths.target("screenshots");

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static Agent agent;

    @BeforeAll
    static void start() {
        agent = STACK.startAgent("page");
    }

    @Test
    void aParticipantWatchesTheirClusterBeingMadeThenUsesIt() throws Exception {
        try (BrowserContext context = CHROMIUM.newContext()) {
            Page page = context.newPage();
            signIn(page, "alice");

            page.getByLabel("Cluster name", new Page.GetByLabelOptions().setExact(true)).fill("page-e2e");
            button(page, "Request cluster").click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open cluster page-e2e").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("page-e2e").setExact(true)))
                    .isVisible();

            // The real agent's steps, ticked with their time once the next one began.
            Locator steps = page.getByLabel("Provisioning steps");
            assertThat(step(steps, "Scheduled on host " + agent.hostId())).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Generating certificates")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Generating certificates").locator(".took")).hasText(Pattern.compile("\\d+\\.\\ds"));
            assertThat(step(steps, "Starting API server")).hasAttribute("data-state", "DONE");
            assertThat(step(steps, "Cluster ready")).hasAttribute("data-state", "DONE");
            assertThat(page.getByLabel("Phase")).containsText("Ready");
            assertThat(steps.locator("li[data-state=FAILED]")).hasCount(0);

            // What the cluster's own API server lists.
            Locator namespaces = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Namespaces").setExact(true));
            assertThat(namespaces).containsText("kube-system");
            assertThat(namespaces).containsText("kube-public");
            assertThat(page.getByLabel("Nodes", new Page.GetByLabelOptions().setExact(true))).isVisible();
            if (NodeImages.wasiNode().isPresent()) {
                // With a WASI node image the agent starts the node, and READY waits for it (docs/architecture.md, "Cluster lifecycle").
                Locator wasi = page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Node page-e2e-wasi").setExact(true));
                assertThat(wasi).containsText("Ready");
                assertThat(wasi).containsText("wasm32-wasi");
            }
            assertThat(page.getByLabel("Cluster not answering")).hasCount(0);
            screenshot(page, "ready");

            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Download kubeconfig").setExact(true)).click());
            assertThat(download.suggestedFilename()).isEqualTo("hearth-page-e2e.yaml");
            Path kubeconfig = Files.copy(download.path(), RunPaths.target("tmp").resolve("hearth-page-e2e.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // The command the page shows, as a participant would paste it.
            assertThat(page.getByLabel("kubectl commands", new Page.GetByLabelOptions().setExact(true)))
                    .containsText("kubectl --kubeconfig hearth-page-e2e.yaml get namespaces");
            assertThat(Kubectl.withKubeconfig(kubeconfig).run("get", "namespaces", "-o", "name").lines())
                    .contains("namespace/kube-system", "namespace/default");

            button(page, "Delete cluster page-e2e").click();
            assertThat(step(steps, "Deleted")).hasAttribute("data-state", "DONE");
            assertThat(page.getByLabel("Phase")).containsText("Deleted");
            screenshot(page, "deleted");
        }
    }

    private static void signIn(Page page, String user) {
        SystemBrowser.signIn(page, "http://localhost:" + PORT, user);
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator step(Locator steps, String label) {
        return steps.locator("li").filter(new Locator.FilterOptions().setHas(
                steps.page().locator(".step-label").getByText(label, new Locator.GetByTextOptions().setExact(true))));
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("cluster-page-" + name + ".png")));
    }
}
