package dev.hearth.backend.identity;

import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API tokens do not outlive their owner's standing in Keycloak (docs/security.md, "Browser and API
 * tokens"): a person demoted or disabled there loses, through their tokens, what they lost in
 * Keycloak. The person is made for this test in the real dev realm (through Keycloak's admin API)
 * and removed after it, so the shared demo users are never touched.
 */
@QuarkusTest
class TokenOwnerIT {

    private static final String KEYCLOAK = "http://localhost:8180";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    ClassroomFixtures classrooms;

    private String username;
    private String userId;

    @BeforeEach
    void person() throws Exception {
        username = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = admin("POST", "/users", Map.of("username", username, "enabled", true,
                "email", username + "@hearth.test", "emailVerified", true, "firstName", "Token", "lastName", "Owner",
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + username + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        userId = location.substring(location.lastIndexOf('/') + 1);
        roles("POST", "participant", "instructor");
    }

    @AfterEach
    void removePerson() throws Exception {
        classrooms.removeAll();
        if (userId != null) {
            admin("DELETE", "/users/" + userId, null);
        }
    }

    @Test
    void demotingOrDisablingThePersonInKeycloakReachesTheirTokens() throws Exception {
        String token = Api.as(username).body(Map.of("name", "ci", "scopes", List.of("clusters:read", "classrooms")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Api.withToken(token).body(ClassroomFixtures.body("Before", 1)).post("/api/v1/classrooms").then().statusCode(201);

        roles("DELETE", "instructor");
        Eventually.until("the demoted instructor's token to be refused a classroom", Duration.ofSeconds(20),
                () -> Api.withToken(token).body(ClassroomFixtures.body("After", 1)).post("/api/v1/classrooms")
                        .statusCode() == 403);
        Api.withToken(token).get("/api/v1/clusters").then().statusCode(200);

        admin("PUT", "/users/" + userId, Map.of("enabled", false));
        Eventually.until("the disabled person's token to be refused", Duration.ofSeconds(20),
                () -> Api.withToken(token).get("/api/v1/clusters").statusCode() == 401);
        Api.withToken(token).get("/api/v1/clusters").then().statusCode(401)
                .contentType("application/problem+json");
    }

    /** Adds or removes realm roles of the test's person. */
    private void roles(String method, String... names) throws Exception {
        List<JsonNode> roles = new java.util.ArrayList<>();
        for (String name : names) {
            roles.add(JSON.readTree(admin("GET", "/roles/" + name, null).body()));
        }
        HttpResponse<String> answer = admin(method, "/users/" + userId + "/role-mappings/realm", roles);
        if (answer.statusCode() != 204) {
            throw new IllegalStateException(method + " roles " + List.of(names) + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Keycloak's admin API for realm hearth, as the dev bootstrap admin of deploy/local/keycloak.sh. */
    private static HttpResponse<String> admin(String method, String path, Object body) throws Exception {
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=kcadmin&password=kcadmin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(login.body()).path("access_token").asText();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/hearth" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
