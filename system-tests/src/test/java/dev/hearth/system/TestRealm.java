package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A realm of a test's own in the shared Keycloak: the dev realm's file (deploy/keycloak/hearth-realm.json,
 * same clients, users and passwords) under another name, with a frontend URL and portal redirect URIs
 * of the test's choosing. The shared realm {@code hearth} stays as other runs use it: a test that needs
 * Keycloak at another public address cannot restart the Keycloak everyone shares.
 */
final class TestRealm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String name;

    private TestRealm(String name) {
        this.name = name;
    }

    /**
     * Creates it.
     *
     * @param frontendUrl Keycloak's URL as browsers reach it: the tokens' issuer, where logins happen
     * @param portalUrl the portal's public URL, the one the hearth-portal client may redirect to
     */
    static TestRealm create(String name, String frontendUrl, String portalUrl) {
        TestRealm realm = new TestRealm(name);
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(RunPaths.root().resolve("deploy/keycloak/hearth-realm.json")));
            json.put("realm", name);
            json.putObject("attributes").put("frontendUrl", frontendUrl);
            for (JsonNode client : json.withArray("clients")) {
                if ("hearth-portal".equals(client.path("clientId").asText())) {
                    ((ArrayNode) client.withArray("redirectUris")).removeAll().add(portalUrl + "/*");
                    ((ArrayNode) client.withArray("webOrigins")).removeAll().add(portalUrl);
                }
            }
            realm.admin("DELETE", "/realms/" + name, null);
            HttpResponse<String> created = realm.admin("POST", "/realms", JSON.writeValueAsString(json));
            if (created.statusCode() != 201) {
                throw new AssertionError("creating realm " + name + " failed: HTTP " + created.statusCode() + " " + created.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return realm;
    }

    String name() {
        return name;
    }

    /** The backend's {@code quarkus.oidc.auth-server-url}: the back channel, on this machine. */
    String authServerUrl() {
        return KeycloakTokens.KEYCLOAK + "/realms/" + name;
    }

    void delete() {
        admin("DELETE", "/realms/" + name, null);
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(KeycloakTokens.KEYCLOAK + "/admin" + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak's admin API did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bootstrap admin of the master realm, as ./hearth makes it (docs/development.md). */
    private String adminToken() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(KeycloakTokens.KEYCLOAK + "/realms/master/protocol/openid-connect/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=kcadmin&password=kcadmin"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("cannot log in to Keycloak's master realm as kcadmin: HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
