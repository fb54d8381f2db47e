package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API tokens in a real browser: the secret is shown once and works; revoking it stops it at once. */
@QuarkusTest
class TokenPagesBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.forget("alice");
    }

    @Test
    void aliceCreatesATokenSeesItsSecretOnceAndRevokesIt() {
        try (Visitor alice = chromium.visitor(app, "tokens-alice").signIn("alice")) {
            alice.link("API tokens").click();
            assertThat(alice.heading("API tokens")).isVisible();
            assertThat(alice.page().getByText("No API tokens yet")).isVisible();
            // A participant cannot grant what they do not hold.
            assertThat(alice.field("Scope hosts:admin")).hasCount(0);
            alice.screenshot("empty");

            alice.field("Token name").fill("ci-pipeline");
            assertThat(alice.field("Scope clusters:read")).isChecked();
            alice.field("Scope tokens").check();
            alice.field("Token expiry").selectOption("7d");
            alice.button("Create token").click();

            Locator secret = alice.page().getByLabel("API token secret");
            assertThat(secret).containsText("hth_");
            String token = secret.textContent().strip();
            assertThat(alice.button("Copy API token")).isVisible();
            Locator row = alice.row("Token ci-pipeline");
            assertThat(row).containsText("clusters:read");
            assertThat(row).containsText("tokens");
            assertThat(row).containsText("never");
            assertThat(row.getByText("Active")).isVisible();
            alice.screenshot("created");

            // The secret works, and the page then shows when it was last used.
            Api.withToken(token).get("/api/v1/clusters").then().statusCode(200);
            alice.page().reload();
            assertThat(alice.row("Token ci-pipeline")).not().containsText("never");
            // Shown once: after a reload it is nowhere on the page.
            assertThat(alice.page().getByLabel("API token secret")).hasCount(0);
            assertThat(alice.page().content()).doesNotContain(token);
            alice.screenshot("after-reload");

            alice.button("Revoke token ci-pipeline").click();
            assertThat(alice.row("Token ci-pipeline").getByText("Revoked")).isVisible();
            assertThat(alice.button("Revoke token ci-pipeline")).hasCount(0);
            alice.screenshot("revoked");
            Api.withToken(token).get("/api/v1/clusters").then().statusCode(401);
        }
    }

    @Test
    void tokenWithoutANameOrScopesIsRefusedNextToTheFields() {
        try (Visitor alice = chromium.visitor(app, "tokens-invalid").signIn("alice")) {
            alice.open("/tokens");
            alice.field("Scope clusters:read").uncheck();
            alice.field("Scope clusters:write").uncheck();
            alice.button("Create token").click();

            assertThat(alice.field("Token name")).hasAttribute("aria-invalid", "true");
            assertThat(alice.page().locator("#token-name-error")).containsText("1-80 characters");
            assertThat(alice.page().locator("#token-scopes-error")).containsText("at least one");
            assertThat(alice.page().getByRole(AriaRole.STATUS)).hasCount(0);
            alice.screenshot("errors");
            assertThat(alice.page().getByText("No API tokens yet")).isVisible();
        }
    }
}
