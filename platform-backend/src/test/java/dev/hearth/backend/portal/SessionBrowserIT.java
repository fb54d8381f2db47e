package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the browser session guards: forms refuse forged requests, and an ended session leads back to sign-in. */
@QuarkusTest
class SessionBrowserIT {

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
    void formPostsRidingOnTheSessionCookieNeedThePagesCsrfToken() {
        try (Visitor alice = chromium.visitor(app, "csrf-alice").signIn("alice")) {
            // What a cross-site form would send: alice's cookies, but not the token only her pages know.
            FormData form = FormData.create().set("name", "forged");
            APIResponse forged = alice.context().request().post(alice.url("/clusters"), RequestOptions.create().setForm(form));
            assertThat(forged.status()).isEqualTo(403);
            APIResponse wrong = alice.context().request().post(alice.url("/clusters"),
                    RequestOptions.create().setForm(form).setHeader("X-CSRF-Token", "A".repeat(43)));
            assertThat(wrong.status()).isEqualTo(403);
            alice.page().reload();
            assertThat(alice.row("Cluster forged")).hasCount(0);

            String token = (String) alice.page().evaluate(
                    "JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token']");
            APIResponse genuine = alice.context().request().post(alice.url("/clusters"),
                    RequestOptions.create().setForm(form).setHeader("X-CSRF-Token", token));
            assertThat(genuine.status()).isEqualTo(200);
            assertThat(alice.row("Cluster forged")).isVisible();
        }
    }

    @Test
    void endedSessionTakesThePageBackToSignIn() {
        try (Visitor alice = chromium.visitor(app, "session-ended").signIn("alice")) {
            alice.context().clearCookies();
            // The next 2-second poll finds no session: the page reloads into Keycloak's login, no error flood.
            alice.page().waitForURL(Pattern.compile(".*/realms/hearth/protocol/openid-connect/auth.*"));
            assertThat(alice.page().getByLabel("Username or email")).isVisible();
        }
    }
}
