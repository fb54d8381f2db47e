package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Real access tokens (JWTs) from the real Keycloak dev realm: the password grant of the public
 * {@code hearth-cli} client, each demo user's password being their name. A token is reused until
 * shortly before it expires (they live 5 minutes, a system test class longer).
 */
final class KeycloakTokens {

    /** The shared Keycloak's back-channel address, as the backend reaches it. */
    static final String KEYCLOAK = "http://localhost:8180";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenUrl;
    private final String user;
    private String token;
    private Instant renewAt = Instant.MIN;

    /** Tokens of the dev realm {@code hearth}. */
    KeycloakTokens(String user) {
        this("hearth", user);
    }

    /** Tokens of another realm with the dev realm's clients and users (e.g. one a test made, see {@link TestRealm}). */
    KeycloakTokens(String realm, String user) {
        this.tokenUrl = URI.create(KEYCLOAK + "/realms/" + realm + "/protocol/openid-connect/token");
        this.user = user;
    }

    /** Tokens of another user of the same realm. */
    KeycloakTokens as(String otherUser) {
        return new KeycloakTokens(tokenUrl, otherUser);
    }

    private KeycloakTokens(URI tokenUrl, String user) {
        this.tokenUrl = tokenUrl;
        this.user = user;
    }

    /** {@code Authorization} header value. */
    synchronized String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    private void fetch() {
        String form = "grant_type=password&client_id=hearth-cli&username=" + enc(user) + "&password=" + enc(user);
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("failed to get a token for " + user + " from " + tokenUrl + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            token = body.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 30));
        } catch (IOException e) {
            throw new IllegalStateException("failed to reach Keycloak at " + tokenUrl + " (./hearth services starts it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting a token for " + user, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
