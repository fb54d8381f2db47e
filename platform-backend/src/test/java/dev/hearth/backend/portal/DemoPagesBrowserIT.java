package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.backend.demo.DemoFixtures;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guided-demo page in Chromium without any agent (the real thing, with builds and pods, is
 * system-tests' GuidedDemoPageSystemIT): the editor refuses an empty and an oversized source under
 * the field and keeps what was typed, the language switch loads the other hello-world, the saved
 * source is there after a new sign-in, "Get a cluster" turns step 1 running on the page by itself,
 * Build without a ready cluster says why, and "Start over" goes back to the template.
 */
@QuarkusTest
class DemoPagesBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Inject
    Fixtures fixtures;

    @Inject
    DemoFixtures demos;

    @BeforeEach
    void nothingYet() {
        demos.forget("alice");
        fixtures.forget("alice");
    }

    @Test
    void theEditorValidatesAndTheProgressIsSaved() {
        try (Visitor alice = chromium.signIn(app, "demo-alice", "alice")) {
            alice.link("Guided demo").click();
            assertThat(alice.heading("Guided demo")).isVisible();
            // "To do", not "Ready": there is no cluster yet, and "Ready" is what a cluster says when it is up.
            assertThat(state(alice, 1)).hasText("To do");
            assertThat(state(alice, 3)).hasText("Locked");
            Locator source = alice.field("Source code");
            assertThat(source).hasValue(Pattern.compile("const GREETING: &str = \"Hello from WebAssembly!\""));
            assertThat(alice.field("Make it yours")).containsText("Hello from WebAssembly!");
            alice.screenshot("start");

            source.fill("");
            alice.button("Save source").click();
            assertThat(alice.field("Source error")).containsText("empty");
            assertThat(source).hasAttribute("aria-invalid", "true");
            String oversized = "// " + "x".repeat(70_000);
            source.fill(oversized);
            alice.button("Save source").click();
            assertThat(alice.field("Source error")).containsText("64 KiB");
            assertThat(source).hasValue(oversized);
            alice.screenshot("too-big");

            alice.page().getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("C").setExact(true)).check();
            assertThat(source).hasValue(Pattern.compile("#define GREETING \"Hello from WebAssembly!\""));
            source.fill(source.inputValue().replace("Hello from WebAssembly!", "Hello from alice's C"));
            alice.button("Save source").click();
            assertThat(state(alice, 2)).hasText("Done");
            assertThat(alice.field("Source error")).hasCount(0);

            // No cluster yet: Build and Run are not offered, and say what comes first.
            assertThat(alice.button("Build")).isDisabled();
            assertThat(alice.button("Build")).hasAccessibleDescription(Pattern.compile("cluster must be ready"));
            assertThat(alice.button("Run")).isDisabled();
            assertThat(alice.button("Run")).hasAccessibleDescription(Pattern.compile("Push an image first"));
            // Step 7, the web app, waits for the hello-world to have run, and says so.
            assertThat(state(alice, 7)).hasText("Locked");
            assertThat(alice.button("Build the web app")).isDisabled();
            assertThat(alice.button("Build the web app")).hasAccessibleDescription(Pattern.compile("Finish step 6 first"));
            assertThat(alice.button("Run the web app")).isDisabled();
        }
        // A new sign-in (a new browser, a new session) shows the saved source and step.
        try (Visitor again = chromium.signIn(app, "demo-alice-again", "alice")) {
            again.open("/demo");
            assertThat(again.field("Source code")).hasValue(Pattern.compile("Hello from alice's C"));
            assertThat(again.page().getByRole(AriaRole.RADIO,
                    new Page.GetByRoleOptions().setName("C").setExact(true))).isChecked();
            assertThat(state(again, 2)).hasText("Done");

            // Step 1 follows the cluster on its own (the page polls while a step runs).
            again.button("Get a cluster").click();
            assertThat(state(again, 1)).hasText("Running");
            assertThat(again.field("Step 1 detail")).containsText(Pattern.compile("REQUESTED|SCHEDULED|PROVISIONING"));
            assertThat(again.page().locator("#step-1-body")).containsText("on its way");
            again.screenshot("cluster-requested");

            again.button("Start over").click();
            assertThat(again.field("Source code")).hasValue(Pattern.compile("const GREETING: &str"));
            assertThat(state(again, 2)).not().hasText("Done");
            again.screenshot("started-over");
        }
    }

    private static Locator state(Visitor visitor, int step) {
        return visitor.field("Step " + step + " state");
    }
}
