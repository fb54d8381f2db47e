package dev.hearth.backend.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin's hosts page: enrol a host, its agent token and join command shown once; drain and retire
 * it; participants are kept out.
 */
@QuarkusTest
class HostPagesBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @TestHTTPResource("/")
    URL app;

    @Test
    void adminEnrolsAHostAndSeesItsAgentTokenOnce() {
        String name = "metal-" + UUID.randomUUID().toString().substring(0, 8);
        try (Visitor admin = chromium.visitor(app, "hosts-admin").signIn("admin")) {
            admin.link("Hosts").click();
            assertThat(admin.heading("Hosts")).isVisible();

            admin.field("Host name").fill(name);
            admin.field("Maximum clusters").fill("lots");
            admin.button("Enrol host").click();
            assertThat(admin.field("Maximum clusters")).hasAttribute("aria-invalid", "true");
            assertThat(admin.field("Host name")).hasValue(name);

            admin.field("Maximum clusters").fill("40");
            admin.button("Enrol host").click();
            Locator token = admin.field("Agent token");
            assertThat(token).containsText("hha_");
            String secret = token.textContent().strip();
            assertThat(admin.field("Join command")).containsText("/agent/v1/install.sh | HEARTH_JOIN_TOKEN=" + secret + " sh");
            Locator row = admin.row("Host " + name);
            assertThat(row).containsText("Waiting for agent");
            assertThat(row).containsText("0 / 40");
            admin.screenshot("enrolled");

            admin.page().reload();
            assertThat(admin.row("Host " + name)).isVisible();
            assertThat(admin.page().content()).doesNotContain(secret);
            admin.screenshot("list");

            // Drained, it offers Undrain and Retire; retired (it holds no cluster), it has no actions left.
            admin.button("Drain host " + name).click();
            assertThat(admin.row("Host " + name)).containsText("Drained");
            admin.screenshot("drained");
            admin.button("Retire host " + name).click();
            assertThat(admin.row("Host " + name)).containsText("Retired");
            assertThat(admin.button("Drain host " + name)).hasCount(0);
            admin.screenshot("retired");
        }
    }

    @Test
    void participantsSeeNoHostsLinkAndAreRefusedThePage() {
        try (Visitor alice = chromium.visitor(app, "hosts-alice").signIn("alice")) {
            assertThat(alice.link("Hosts")).hasCount(0);
            var response = alice.page().navigate(alice.url("/hosts"));
            assertThat(response.status()).isEqualTo(403);
            assertThat(alice.page().getByText("managing hosts needs the admin role")).isVisible();
            alice.screenshot("forbidden");
        }
    }
}
