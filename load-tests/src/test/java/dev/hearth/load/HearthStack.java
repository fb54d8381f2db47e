package dev.hearth.load;

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
 * The running stack a simulation loads (a `./hearth up` one by default), reached the way automation
 * reaches it: a JWT from Keycloak's password grant (dev realm only), an API token minted with it, and
 * one READY cluster of that user — an existing one, or one made here and deleted by {@link #close}.
 * Only loopback addresses are configured; nothing else is ever targeted.
 */
final class HearthStack implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    final URI portal;
    final String apiToken;
    final String clusterId;
    private final URI keycloak;
    private final String user;
    private final String tokenId;
    private final boolean clusterCreated;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HearthStack(URI portal, URI keycloak, String user) throws IOException, InterruptedException {
        this.portal = portal;
        this.keycloak = keycloak;
        this.user = user;
        JsonNode token = call("POST", "/api/v1/tokens", jwt(),
                "{\"name\":\"load-test\",\"scopes\":[\"clusters:read\",\"clusters:write\"],\"expiresIn\":\"2h\"}", 201);
        this.apiToken = token.path("token").asText();
        this.tokenId = token.path("id").asText();
        String ready = null;
        for (JsonNode cluster : call("GET", "/api/v1/clusters", apiToken, null, 200)) {
            if ("READY".equals(cluster.path("phase").asText())) {
                ready = cluster.path("id").asText();
                break;
            }
        }
        this.clusterCreated = ready == null;
        this.clusterId = ready != null ? ready : createReadyCluster();
    }

    /** The stack named by {@code -Dhearth.url}, {@code -Dhearth.keycloak} and {@code -Dhearth.user}. */
    static HearthStack fromSystemProperties() {
        try {
            return new HearthStack(URI.create(System.getProperty("hearth.url", "http://localhost:8080")),
                    URI.create(System.getProperty("hearth.keycloak", "http://localhost:8180")),
                    System.getProperty("hearth.user", "alice"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the load test against the stack (is ./hearth up running?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the load test", e);
        }
    }

    private String createReadyCluster() throws IOException, InterruptedException {
        String id = call("POST", "/api/v1/clusters", apiToken, "{\"name\":\"load\"}", 202).path("id").asText();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String phase = call("GET", "/api/v1/clusters/" + id, apiToken, null, 200).path("phase").asText();
            if ("READY".equals(phase)) {
                return id;
            }
            if ("FAILED".equals(phase)) {
                throw new IOException("the load test's cluster " + id + " FAILED");
            }
            Thread.sleep(500);
        }
        throw new IOException("the load test's cluster " + id + " was not READY within " + READY_TIMEOUT.toMinutes() + " min");
    }

    private String jwt() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=hearth-cli&username=" + enc(user) + "&password=" + enc(user);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(keycloak.resolve("/realms/hearth/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak refused the password grant for " + user + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private JsonNode call(String method, String path, String bearer, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(portal.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Deletes the cluster if this made it, then the API token. */
    @Override
    public void close() {
        try {
            if (clusterCreated) {
                call("DELETE", "/api/v1/clusters/" + clusterId, apiToken, null, 202);
            }
            call("DELETE", "/api/v1/tokens/" + tokenId, jwt(), null, 204);
        } catch (IOException e) {
            System.err.println("load test clean-up failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
