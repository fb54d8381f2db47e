package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19's Keycloak drill (docs/operations.md, "Drills"): the backend reaches Keycloak only through a
 * relay, for a realm of the test's own whose every URL (issuer, login, token, keys, admin API) is the
 * relay's ({@link TestRealm}), so closing the relay — open connections included — is Keycloak gone for
 * this backend while the shared Keycloak keeps serving everyone else. Then a browser that is not signed
 * in gets Hearth's own 503 page saying sign-in is unavailable (not a redirect to a dead address), an
 * already-issued JWT and an API token keep working, readiness stays up and {@code /q/health} names
 * Keycloak as down. Trust boundary: the sign-in boundary (docs/security.md) — nothing is let in without
 * a valid credential while Keycloak is away; only what was valid before stays valid.
 */
@Timeout(300)
class KeycloakOutageDrillSystemIT {

    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(30);
    private static final TcpRelay KEYCLOAK = TcpRelay.start("127.0.0.1", new InetSocketAddress("127.0.0.1", 8180));
    private static final String REALM = "hearth-kc-drill-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private static final TestRealm TEST_REALM = TestRealm.create(REALM, keycloakUrl(), "http://127.0.0.1");

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of(
            "quarkus.oidc.auth-server-url", keycloakUrl() + "/realms/" + REALM));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterAll
    static void removeRealmAndRelay() {
        KEYCLOAK.close();
        TEST_REALM.delete();
    }

    @Test
    void withKeycloakGoneSignInExplainsItselfAndTokensKeepWorking() {
        HttpResponse<String> before = get("/clusters", null);
        assertThat(before.statusCode()).as("a page without a session, Keycloak up").isEqualTo(302);
        assertThat(before.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith(keycloakUrl() + "/realms/" + REALM));
        String jwt = new KeycloakTokens(REALM, "admin").bearer();
        String apiToken = "Bearer " + STACK.api().call("POST", "/api/v1/tokens",
                Map.of("name", "keycloak-drill", "scopes", List.of("clusters:read"), "expiresIn", "1d"), 201).path("token").asText();
        assertThat(get("/api/v1/clusters", apiToken).statusCode()).as("the API token, Keycloak up").isEqualTo(200);

        KEYCLOAK.close();

        HttpResponse<String> page = Waits.until("the sign-in page to say sign-in is unavailable", NOTICED_WITHIN,
                () -> get("/clusters", null), response -> response.statusCode() == 503);
        assertThat(page.body()).contains("Sign-in is unavailable right now").contains("API token");
        assertThat(page.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
        assertThat(page.headers().firstValue("Location")).as("no redirect to the unreachable Keycloak").isEmpty();

        assertThat(get("/api/v1/clusters", jwt).statusCode()).as("a JWT issued before the outage").isEqualTo(200);
        assertThat(get("/api/v1/clusters", apiToken).statusCode()).as("an API token during the outage").isEqualTo(200);
        assertThat(get("/q/health/ready", null).statusCode()).as("readiness: the backend still serves").isEqualTo(200);
        HttpResponse<String> health = get("/q/health", null);
        assertThat(health.body()).as("/q/health names Keycloak as down").contains("Keycloak (sign-in)").contains("DOWN");
    }

    private HttpResponse<String> get(String path, String authorization) {
        URI url = STACK.backend().url().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Accept", path.startsWith("/api/") || path.startsWith("/q/") ? "application/json" : "text/html").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String keycloakUrl() {
        return "http://127.0.0.1:" + KEYCLOAK.port();
    }
}
