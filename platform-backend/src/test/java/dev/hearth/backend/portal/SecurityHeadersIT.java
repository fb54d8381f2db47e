package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.PortalSession;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every answer carries the browser-side hardening headers (docs/security.md, "Browser and API
 * tokens"): landing page, signed-in pages, assets, API, and the redirect to the login page.
 */
@QuarkusTest
class SecurityHeadersIT {

    @TestHTTPResource("/")
    URI app;

    @Test
    void everyKindOfAnswerForbidsFramingSniffingAndForeignScripts() {
        PortalSession alice = PortalSession.signIn(app, "alice");
        List<HttpResponse<String>> answers = List.of(
                alice.exchange(alice.request("/clusters")),
                alice.exchange(alice.request("/tokens")),
                alice.exchange(alice.request("/static/css/hearth.css")));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(200);
            hardened(answer.uri().getPath(), answer.headers());
        }
        io.restassured.response.Response landing = Api.anonymous().accept("text/html").get("/");
        io.restassured.response.Response login = Api.anonymous().accept("text/html").get("/clusters");
        io.restassured.response.Response api = Api.anonymous().get("/api/v1/clusters");
        assertThat(login.statusCode()).isEqualTo(302);
        for (io.restassured.response.Response answer : List.of(landing, login, api)) {
            assertThat(answer.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    private static void hardened(String what, HttpHeaders headers) {
        String csp = headers.firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as(what).contains("frame-ancestors 'none'", "script-src 'self'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(headers.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).as(what).contains("same-origin");
        // Served over plain http here: HSTS would be ignored by browsers and must not be sent (RFC 6797 §7.2).
        assertThat(headers.firstValue("Strict-Transport-Security")).as(what).isEmpty();
    }
}
