package dev.hearth.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guided demo in Chromium against the packaged backend, a real agent, its real cluster, builder
 * and registry (docs/guided-demo.md): alice signs in, gets a cluster, walks the six steps, makes the demo
 * hers (edits the greeting, rebuilds, reruns) and sees her own line in the streamed pod log; a
 * compile error shows the compiler's message at step 3; bob cannot read her logs; a reload in the
 * middle of a slow pod's log shows every line exactly once. The tests run in order and share alice's
 * browser session (her progress is what the later ones start from). A screenshot of each step goes
 * to {@code target/screenshots/guided-demo-*.png}.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuidedDemoPageSystemIT {

    /** The Keycloak dev realm redirects only to the portal's known ports; 8082 is the page tests' one. */
    private static final int PORT = 8082;
    private static final String APP = "http://localhost:" + PORT;
    private static final Path SCREENSHOTS = RunPaths.target("screenshots");
    private static final String DEFAULT_GREETING = "Hello from WebAssembly!";
    /** A cluster with its WASI node, a first build (the builder image cold) — minutes on a busy 2-core machine. */
    private static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(240_000);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of("quarkus.http.port", Integer.toString(PORT)));
    @RegisterExtension
    static final SystemBrowser CHROMIUM = new SystemBrowser();
    private static BrowserContext alice;
    private static Page page;

    @BeforeAll
    static void start() {
        STACK.startAgent("demo");
        alice = CHROMIUM.newContext();
        page = alice.newPage();
    }

    @AfterAll
    static void stop() {
        if (alice != null) {
            alice.close();
        }
    }

    @Test
    @Order(1)
    void aliceWalksTheSixStepsAndSeesHerOwnLineInThePodLog() {
        long signedIn = signIn(page, "alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Guided demo").setExact(true)).first().click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Guided demo").setExact(true))).isVisible();
        assertThat(state(1)).hasText("To do");
        assertThat(state(3)).hasText("Locked");

        // 1. A cluster, with its WASI node listed as kubectl would.
        button("Get a cluster").click();
        assertThat(state(1)).hasText("Done", SLOW);
        Locator nodes = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Nodes").setExact(true));
        assertThat(nodes).containsText("wasm32-wasi");
        assertThat(commands(1)).containsText("get nodes");
        long clusterReady = System.nanoTime();
        screenshot("1-cluster");

        // 2. The editor refuses an empty source and one over 64 KiB, saying so under the field.
        Locator source = page.getByLabel("Source code", new Page.GetByLabelOptions().setExact(true));
        assertThat(source).hasValue(Pattern.compile(DEFAULT_GREETING));
        String template = source.inputValue();
        source.fill("");
        button("Save source").click();
        assertThat(page.getByLabel("Source error")).containsText("empty");
        source.fill("// " + "x".repeat(66_000));
        button("Save source").click();
        assertThat(page.getByLabel("Source error")).containsText("64 KiB");
        screenshot("2-source-invalid");
        // The C switch loads the C hello-world; back to Rust for the walk.
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("C").setExact(true)).check();
        assertThat(source).hasValue(Pattern.compile("#define GREETING"));
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Rust").setExact(true)).check();
        assertThat(source).hasValue(template);
        assertThat(page.getByLabel("Make it yours")).containsText("greeting");
        button("Save source").click();
        assertThat(state(2)).hasText("Done");
        screenshot("2-source");

        // 3. Build, its log streamed; 4. pushed under alice's own path.
        button("Build").click();
        assertThat(state(3)).hasText(Pattern.compile("Running|Done"));
        assertThat(state(3)).hasText("Done", SLOW);
        assertThat(page.getByLabel("Build log lines", new Page.GetByLabelOptions().setExact(true))).isVisible();
        screenshot("3-build");
        assertThat(state(4)).hasText("Done");
        assertThat(page.getByLabel("Image", new Page.GetByLabelOptions().setExact(true)))
                .hasText(Pattern.compile("hearth-registry:5000/alice/hello-rust:\\S+"));
        assertThat(page.getByLabel("Digest", new Page.GetByLabelOptions().setExact(true))).hasText(Pattern.compile("sha256:[0-9a-f]{64}"));
        assertThat(commands(4)).containsText("oras");
        screenshot("4-push");

        // 5. The manifest is validated before anything is applied; reset brings the default back.
        Locator manifest = page.getByLabel("Pod manifest", new Page.GetByLabelOptions().setExact(true));
        String defaultManifest = manifest.inputValue();
        assertThat(defaultManifest).contains("hello-wasi").contains("hearth-registry:5000/alice/");
        manifest.fill("apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n");
        button("Run").click();
        assertThat(page.getByLabel("Manifest error")).containsText("line");
        screenshot("5-manifest-invalid");
        button("Reset manifest").click();
        assertThat(manifest).hasValue(defaultManifest);
        button("Run").click();
        assertThat(state(5)).hasText("Done");
        screenshot("5-run");

        // 6. The pod to ExitCode:0, its log streamed into the page.
        assertThat(state(6)).hasText("Done", SLOW);
        assertThat(detail(6)).containsText("ExitCode:0");
        Locator podLog = podLog();
        assertThat(podLog).containsText(DEFAULT_GREETING);
        assertThat(podLog).containsText("/config/message: hello from a ConfigMap volume");
        screenshot("6-watch");

        // Make it yours: her own greeting, rebuilt and rerun with one button.
        String greeting = "Hello from alice, " + System.nanoTime();
        source.fill(source.inputValue().replace(DEFAULT_GREETING, greeting));
        long rerunAt = System.nanoTime();
        button("Rebuild and rerun").click();
        assertThat(podLog()).containsText(greeting, new LocatorAssertions.ContainsTextOptions().setTimeout(240_000));
        long ownLine = System.nanoTime();
        assertThat(state(6)).hasText("Done", SLOW);
        screenshot("6-made-it-yours");
        System.out.printf("guided demo wall time: sign-in -> cluster step done %.1f s; sign-in -> own log line %.1f s; "
                + "rebuild and rerun -> own log line %.1f s%n", seconds(clusterReady - signedIn),
                seconds(ownLine - signedIn), seconds(ownLine - rerunAt));

        // Progress is saved: a reload shows the same states and her line once.
        page.reload();
        IntStream.rangeClosed(1, 6).forEach(step -> assertThat(state(step)).hasText("Done"));
        assertThat(podLog()).containsText(greeting);
        assertThat(occurrences(podLog().innerText(), greeting)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aCompileErrorShowsTheCompilersMessageAtTheBuildStep() {
        page.navigate(APP + "/demo");
        Locator source = page.getByLabel("Source code", new Page.GetByLabelOptions().setExact(true));
        String good = source.inputValue();
        source.fill(good.replace("fn main() {", "fn main() {\n    let broken: u32 = \"not a number\";"));
        button("Build").click();
        assertThat(state(3)).hasText("Failed", SLOW);
        // rustc's own words: error[E0308]: mismatched types.
        assertThat(detail(3)).containsText("mismatched types");
        assertThat(page.getByLabel("Build log lines", new Page.GetByLabelOptions().setExact(true))).containsText("E0308");
        Locator retry = button("Retry step 3");
        assertThat(retry).isVisible();
        screenshot("3-build-failed");

        source.fill(good);
        retry.click();
        assertThat(state(3)).hasText("Done", SLOW);
    }

    @Test
    @Order(3)
    void bobCannotReadAlicesLogs() {
        page.navigate(APP + "/demo");
        String build = page.locator("input.demo-cursor[name=build]").inputValue();
        String cluster = page.locator("input.demo-cursor[name=cluster]").inputValue().split(":")[0];
        String pod = page.locator("input.demo-cursor[name=run]").inputValue();
        String aliceLine = "/config/message: hello from a ConfigMap volume";
        List<String> alicesLogs = List.of("/api/v1/builds/" + build + "/logs",
                "/api/v1/clusters/" + cluster + "/pods/default/hello-wasi/logs");
        // Through the API with her token they are there…
        HearthApi asAlice = STACK.api().as("alice");
        assertThat(asAlice.text("GET", alicesLogs.get(1), 200)).contains(aliceLine);
        HearthApi asBob = STACK.api().as("bob");
        for (String path : alicesLogs) {
            // …with bob's they do not exist, as text or as a stream.
            assertThat(asBob.text("GET", path, 404)).doesNotContain(aliceLine);
            assertThat(asBob.refusedEventStream(path, 404)).doesNotContain(aliceLine);
        }
        try (BrowserContext bob = CHROMIUM.newContext()) {
            Page bobs = bob.newPage();
            signIn(bobs, "bob");
            bobs.navigate(APP + "/demo");
            assertThat(bobs.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Get a cluster").setExact(true))).isVisible();
            assertThat(bobs.locator("body")).not().containsText(aliceLine);
            // The page's own log paths, opened by bob with alice's ids.
            for (String path : pageLogPaths(build, pod)) {
                assertThat(bobs.navigate(APP + path).status()).isEqualTo(404);
                assertThat(bobs.locator("body")).not().containsText(aliceLine);
            }
        }
    }

    @Test
    @Order(4)
    void aReloadInTheMiddleOfAStreamShowsEveryLineOnce() {
        page.navigate(APP + "/demo");
        Locator manifest = page.getByLabel("Pod manifest", new Page.GetByLabelOptions().setExact(true));
        // The demo prints "tick 1" … "tick 40", one every 200 ms, when asked to.
        manifest.fill(manifest.inputValue().replaceFirst("args: \\[([^\\]]*)\\]", "args: [$1, \"--ticks\", \"40\"]"));
        button("Run").click();
        assertThat(podLog()).containsText("tick 5", new LocatorAssertions.ContainsTextOptions().setTimeout(120_000));
        page.reload();
        assertThat(podLog()).containsText("tick 40", new LocatorAssertions.ContainsTextOptions().setTimeout(120_000));
        assertThat(state(6)).hasText("Done", SLOW);
        String shown = podLog().innerText();
        for (int tick = 1; tick <= 40; tick++) {
            assertThat(occurrences(shown, "tick " + tick + "\n") + (shown.endsWith("tick " + tick) ? 1 : 0))
                    .as("tick %d in the pod log panel", tick).isEqualTo(1);
        }
        screenshot("6-reloaded");

        // Start over, after the confirm: back to step 1 done (the cluster stays), the rest to do again.
        button("Start over").click();
        assertThat(state(3)).hasText(Pattern.compile("Ready|Locked"));
        assertThat(page.getByLabel("Source code", new Page.GetByLabelOptions().setExact(true)))
                .hasValue(Pattern.compile(DEFAULT_GREETING));
        screenshot("start-over");
    }

    /** {@link SystemBrowser#signIn} on this test's portal; returns when the sign-in was sent. */
    private static long signIn(Page page, String user) {
        return SystemBrowser.signIn(page, APP, user);
    }

    /** The page's own log paths (the browser session cannot call /api/*). */
    private static List<String> pageLogPaths(String build, String podUid) {
        return List.of("/demo/builds/" + build + "/log", "/demo/builds/" + build + "/log.txt",
                "/demo/pod/log?uid=" + podUid, "/demo/pod/log.txt?uid=" + podUid);
    }

    private static Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator state(int step) {
        return page.getByLabel("Step " + step + " state", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator detail(int step) {
        return page.getByLabel("Step " + step + " detail", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator commands(int step) {
        return page.getByLabel("Step " + step + " commands", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator podLog() {
        return page.getByLabel("Pod log lines", new Page.GetByLabelOptions().setExact(true));
    }

    private static int occurrences(String text, String part) {
        return Arrays.stream(text.split(Pattern.quote(part), -1)).toList().size() - 1;
    }

    private static double seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0;
    }

    private static void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("guided-demo-" + name + ".png")));
    }
}
