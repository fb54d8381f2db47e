package dev.hearth.backend.testing;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from the real Keycloak dev realm (password grant with the public hearth-cli
 * client; each demo user's password is their name). Cached until shortly before they expire.
 */
public final class Keycloak {

    public static final String TOKEN_URL = "http://localhost:8180/realms/hearth/protocol/openid-connect/token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant renewAt) {
    }

    private Keycloak() {
    }

    public static String accessToken(String user) {
        Cached cached = CACHE.get(user);
        if (cached != null && Instant.now().isBefore(cached.renewAt())) {
            return cached.token();
        }
        Cached fresh = fetch(user, "hearth-cli");
        CACHE.put(user, fresh);
        return fresh.token();
    }

    /** {@code Authorization} header value for the user. */
    public static String bearer(String user) {
        return "Bearer " + accessToken(user);
    }

    /**
     * A real token of the realm issued to another client (Keycloak's built-in public {@code admin-cli}),
     * so it does not name Hearth (hearth-portal) in its audience.
     */
    public static String accessTokenForAnotherClient(String user) {
        return fetch(user, "admin-cli").token();
    }

    private static Cached fetch(String user, String clientId) {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(user) + "&password=" + enc(user);
        HttpRequest request = HttpRequest.newBuilder(URI.create(TOKEN_URL))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("failed to get a token for " + user + " from " + TOKEN_URL + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            long lifetime = body.path("expires_in").asLong(60);
            return new Cached(body.path("access_token").asText(), Instant.now().plusSeconds(Math.max(5, lifetime - 30)));
        } catch (IOException e) {
            throw new IllegalStateException("failed to reach Keycloak at " + TOKEN_URL + " (start it with ./hearth services)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting a token for " + user, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
