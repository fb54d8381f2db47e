package dev.hearth.backend.identity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call /api/v1 at all, and how failures look to a script: problem+json, never a login page. */
@QuarkusTest
class ApiAuthenticationIT {

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.forget("alice");
    }

    @Test
    void anonymousCallIsA401ProblemNotARedirect() {
        Api.anonymous().get("/api/v1/clusters").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("type", equalTo("https://hearth.dev/problems/unauthenticated"))
                .body("title", equalTo("Authentication required"))
                .body("detail", containsString("Authorization: Bearer"))
                .body("instance", equalTo("/api/v1/clusters"));
    }

    @Test
    void forgedJwtIsRejected() {
        Api.anonymous().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2ln")
                .get("/api/v1/clusters").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/unauthenticated"));
    }

    @Test
    void realmTokenIssuedToAnotherClientIsRejected() {
        Api.anonymous().header("Authorization", "Bearer " + Keycloak.accessTokenForAnotherClient("alice"))
                .get("/api/v1/clusters").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/unauthenticated"));
    }

    @Test
    void unknownApiTokenIsRejected() {
        Api.withToken("hth_thisTokenWasNeverIssuedByHearthAtAll123").get("/api/v1/clusters").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("invalid, expired or revoked"));
    }

    @Test
    void keycloakAccessTokenIsAccepted() {
        Api.as("alice").get("/api/v1/clusters").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void unknownApiPathIsA404Problem() {
        Api.as("alice").get("/api/v1/no-such-thing").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void unsupportedMethodIsA405Problem() {
        Api.as("alice").put("/api/v1/clusters").then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void pagesSendABrowserToTheKeycloakLogin() {
        Api.anonymous().accept("text/html").get("/clusters").then()
                .statusCode(302)
                .header("Location", startsWith("http://localhost:8180/realms/hearth/protocol/openid-connect/auth"))
                .header("Location", containsString("client_id=hearth-portal"));
    }

    @Test
    void healthAndOpenApiArePublic() {
        Api.anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Api.anonymous().get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", equalTo("Hearth API"))
                .body("paths.'/api/v1/clusters'.post.summary", equalTo("Request a cluster"));
    }

    @Test
    void metricsAreForAdminsAndTheirHostsAdminTokensOnly() {
        fixtures.forget("admin");
        String narrow = Api.as("admin").body(java.util.Map.of("name", "narrow", "scopes", java.util.List.of("clusters:read")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        String scraper = Api.as("admin").body(java.util.Map.of("name", "scraper", "scopes", java.util.List.of("hosts:admin")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

        Api.anonymous().get("/q/metrics").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        Api.as("alice").get("/q/metrics").then().statusCode(403);
        Api.withToken(narrow).get("/q/metrics").then().statusCode(403);
        Api.as("admin").get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        Api.withToken(scraper).get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        fixtures.forget("admin");
    }
}
