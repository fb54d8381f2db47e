package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "My clusters" in a real browser: request, see it listed and queued, its page, extend, delete; tenants apart. */
@QuarkusTest
class ClusterPagesBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.forget("alice", "bob");
    }

    @Test
    void aliceRequestsAClusterAndBobCannotSeeIt() {
        String clusterUrl;
        try (Visitor alice = chromium.visitor(app, "clusters-alice").signIn("alice")) {
            assertThat(alice.page().getByText("You have no clusters yet")).isVisible();
            alice.screenshot("empty-list");

            alice.field("Cluster name").fill("alice-demo");
            alice.field("Time to live").fill("2h");
            alice.button("Request cluster").click();

            assertThat(alice.page().getByRole(AriaRole.STATUS)
                    .filter(new Locator.FilterOptions().setHasText("alice-demo requested"))).isVisible();
            Locator row = alice.row("Cluster alice-demo");
            assertThat(row).isVisible();
            assertThat(row.getByText("Requested", new Locator.GetByTextOptions().setExact(true))).isVisible();
            // No agent exists yet, so it waits in the queue, and says where.
            assertThat(row.getByLabel("Queue position")).containsText("#1 in queue");
            assertThat(row).containsText("in 1h 59m");
            // The form is ready for the next request.
            assertThat(alice.field("Cluster name")).hasValue("");
            alice.screenshot("requested");

            alice.button("Extend cluster alice-demo").click();
            assertThat(alice.row("Cluster alice-demo")).containsText("in 2h 59m");

            alice.link("Open cluster alice-demo").click();
            assertThat(alice.heading("alice-demo")).isVisible();
            assertThat(alice.page().getByLabel("Cluster events")).containsText("Requested");
            assertThat(alice.page().getByLabel("Cluster events")).containsText("Extended by 1h");
            // Only a READY cluster offers its kubeconfig.
            assertThat(alice.link("Download kubeconfig")).hasCount(0);
            alice.screenshot("detail");
            clusterUrl = alice.page().url();
        }

        try (Visitor bob = chromium.visitor(app, "clusters-bob").signIn("bob")) {
            assertThat(bob.page().getByText("You have no clusters yet")).isVisible();
            assertThat(bob.row("Cluster alice-demo")).hasCount(0);
            bob.screenshot("own-list");

            Response response = bob.page().navigate(clusterUrl);
            assertThat(response.status()).isEqualTo(404);
            assertThat(bob.heading("Not found")).isVisible();
            assertThat(bob.page().content()).doesNotContain("alice-demo");
            bob.screenshot("alices-cluster-not-found");
        }
    }

    @Test
    void rejectedRequestShowsErrorsNextToTheFieldsAndKeepsWhatWasTyped() {
        try (Visitor alice = chromium.visitor(app, "clusters-invalid").signIn("alice")) {
            String config = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nfeatureGates:\n  Krustlet: maybe\n";
            alice.field("Cluster name").fill("Not A DNS Name");
            alice.field("Time to live").fill("forever");
            alice.field("Cluster configuration").fill(config);
            alice.button("Request cluster").click();

            // The service reports the first problem it meets; each shows under its own field.
            assertThat(alice.field("Cluster configuration")).hasAttribute("aria-invalid", "true");
            assertThat(alice.page().locator("#cluster-config-error")).containsText("featureGates.Krustlet");
            assertThat(alice.field("Cluster configuration")).isFocused();
            // Nothing typed is lost.
            assertThat(alice.field("Cluster name")).hasValue("Not A DNS Name");
            assertThat(alice.field("Time to live")).hasValue("forever");
            assertThat(alice.field("Cluster configuration")).hasValue(config);
            alice.screenshot("config-error");

            alice.field("Cluster configuration").fill(config.replace("maybe", "true"));
            alice.button("Request cluster").click();
            assertThat(alice.field("Time to live")).hasAttribute("aria-invalid", "true");
            assertThat(alice.page().locator("#cluster-ttl-error")).containsText("not a duration");
            assertThat(alice.field("Time to live")).isFocused();
            assertThat(alice.field("Cluster configuration")).not().hasAttribute("aria-invalid", "true");
            assertThat(alice.field("Cluster name")).hasValue("Not A DNS Name");
            alice.screenshot("ttl-error");

            alice.field("Time to live").fill("1h");
            alice.button("Request cluster").click();
            assertThat(alice.field("Cluster name")).hasAttribute("aria-invalid", "true");
            assertThat(alice.page().locator("#cluster-name-error")).containsText("lower-case");
            assertThat(alice.field("Time to live")).hasValue("1h");
            alice.screenshot("name-error");
            assertThat(alice.page().getByText("You have no clusters yet")).isVisible();

            alice.field("Cluster name").fill("fixed");
            alice.button("Request cluster").click();
            assertThat(alice.row("Cluster fixed")).isVisible();
        }
    }

    @Test
    void deletingAClusterAsksFirstAndRemovesItFromTheList() {
        try (Visitor alice = chromium.visitor(app, "clusters-delete").signIn("alice")) {
            alice.field("Cluster name").fill("short-lived");
            alice.button("Request cluster").click();
            assertThat(alice.row("Cluster short-lived")).isVisible();

            alice.button("Delete cluster short-lived").click();
            assertThat(alice.row("Cluster short-lived")).hasCount(0);
            assertThat(alice.page().getByText("You have no clusters yet")).isVisible();
            // Still gone after a reload: it was deleted, not just hidden by the page.
            alice.page().reload();
            assertThat(alice.row("Cluster short-lived")).hasCount(0);
        }
    }

    @Test
    void quotaErrorIsShownOnTheForm() {
        try (Visitor alice = chromium.visitor(app, "clusters-quota").signIn("alice")) {
            for (String name : new String[] {"one", "two", "three"}) {
                alice.field("Cluster name").fill(name);
                alice.button("Request cluster").click();
                assertThat(alice.row("Cluster " + name)).isVisible();
            }
            alice.field("Cluster name").fill("four");
            alice.button("Request cluster").click();
            assertThat(alice.page().getByRole(AriaRole.ALERT)
                    .filter(new Locator.FilterOptions().setHasText(Pattern.compile("at most 3")))).isVisible();
            assertThat(alice.field("Cluster name")).hasValue("four");
            alice.screenshot("quota");
        }
    }

    @Test
    void extendingPastThePolicyLimitExplainsWhy() {
        try (Visitor alice = chromium.visitor(app, "clusters-extend-limit").signIn("alice")) {
            alice.field("Cluster name").fill("long-lived");
            alice.field("Time to live").fill("8h");
            alice.button("Request cluster").click();
            assertThat(alice.row("Cluster long-lived")).containsText("in 7h 59m");

            alice.field("Extend cluster long-lived by").selectOption("4h");
            alice.button("Extend cluster long-lived").click();
            assertThat(alice.page().getByRole(AriaRole.ALERT)
                    .filter(new Locator.FilterOptions().setHasText("policy limit of 8h"))).isVisible();
            assertThat(alice.row("Cluster long-lived")).containsText("in 7h 59m");
            alice.screenshot("limit");
        }
    }

    @Test
    void listFollowsChangesMadeElsewhereWithoutAReload() {
        try (Visitor alice = chromium.visitor(app, "clusters-live").signIn("alice")) {
            assertThat(alice.page().getByText("You have no clusters yet")).isVisible();
            String id = Api.as("alice").body(Map.of("name", "from-api")).post("/api/v1/clusters")
                    .then().statusCode(202).extract().path("id");
            assertThat(alice.row("Cluster from-api")).isVisible();
            alice.screenshot("appeared");

            Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202);
            assertThat(alice.row("Cluster from-api")).hasCount(0);
        }
    }

    @Test
    void pagesFitAPhoneScreenInTheDarkScheme() {
        try (Visitor alice = chromium.phoneVisitor(app, "phone-alice").signIn("alice")) {
            alice.field("Cluster name").fill("pocket");
            alice.button("Request cluster").click();
            assertThat(alice.row("Cluster pocket")).isVisible();
            assertNoSidewaysScrolling(alice);
            alice.screenshot("clusters");

            alice.link("Open cluster pocket").click();
            assertThat(alice.heading("pocket")).isVisible();
            assertNoSidewaysScrolling(alice);
            alice.screenshot("detail");

            alice.link("API tokens").click();
            assertThat(alice.heading("API tokens")).isVisible();
            assertNoSidewaysScrolling(alice);
            alice.screenshot("tokens");
        }
    }

    private static void assertNoSidewaysScrolling(Visitor visitor) {
        Object overflow = visitor.page().evaluate("document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("page wider than the screen by").isLessThanOrEqualTo(0);
    }
}
