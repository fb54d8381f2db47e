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

    static final URI TOKEN_URL = URI.create("http://localhost:8180/realms/hearth/protocol/openid-connect/token");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String user;
    private String token;
    private Instant renewAt = Instant.MIN;

    KeycloakTokens(String user) {
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
        HttpRequest request = HttpRequest.newBuilder(TOKEN_URL)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("failed to get a token for " + user + " from " + TOKEN_URL + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            token = body.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 30));
        } catch (IOException e) {
            throw new IllegalStateException("failed to reach Keycloak at " + TOKEN_URL + " (./hearth services starts it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting a token for " + user, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
