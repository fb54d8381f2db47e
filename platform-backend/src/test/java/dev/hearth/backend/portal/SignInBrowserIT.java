package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pages need a login: a deep link goes through Keycloak and lands where it pointed; sign-out ends it. */
@QuarkusTest
class SignInBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Test
    void deepLinkRequiresSignInAndSignOutEndsTheSession() {
        try (Visitor irene = chromium.visitor(app, "signin-irene")) {
            Page page = irene.page();
            irene.open("/tokens");
            page.waitForURL(Pattern.compile(".*/realms/hearth/protocol/openid-connect/auth.*"));
            page.getByLabel("Username or email").fill("irene");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("wrong");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
            assertThat(page.getByText("Invalid username or password.")).isVisible();
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("irene");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();

            page.waitForURL(irene.url("/tokens"));
            assertThat(irene.heading("API tokens")).isVisible();
            assertThat(irene.link("API tokens")).hasAttribute("aria-current", "page");
            irene.screenshot("deep-link");
            // Signed in, the landing page is just the way in: it forwards to the clusters.
            irene.open("/");
            page.waitForURL(irene.url("/clusters"));

            irene.page().getByLabel("User menu for irene").click();
            irene.link("Sign out").click();
            assertThat(irene.link("Sign in")).isVisible();
            irene.screenshot("signed-out");

            irene.open("/clusters");
            page.waitForURL(Pattern.compile(".*/realms/hearth/protocol/openid-connect/auth.*"));
            assertThat(page.getByLabel("Username or email")).isVisible();
        }
    }
}
