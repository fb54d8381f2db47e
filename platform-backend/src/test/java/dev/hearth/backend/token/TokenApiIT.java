package dev.hearth.backend.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.hearth.backend.support.Secrets;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API tokens: minted with a Keycloak JWT, then used the way automation uses them. */
@QuarkusTest
class TokenApiIT {

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.forget("alice", "bob", "admin");
    }

    private Response mint(String user, List<String> scopes) {
        return Api.as(user).body(Map.of("name", "ci", "scopes", scopes)).post("/api/v1/tokens");
    }

    @Test
    void tokenIsShownOnceAndStoredOnlyAsAHash() {
        Response created = mint("alice", List.of("clusters:read"));
        created.then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/tokens/[0-9a-f-]{36}"))
                .body("token", matchesPattern("hth_[A-Za-z0-9]{32,}"))
                .body("scopes", equalTo(List.of("clusters:read")))
                .body("expiresAt", notNullValue());
        String secret = created.path("token");
        UUID id = UUID.fromString(created.path("id"));

        assertThat(fixtures.tokenHash(id)).isEqualTo(Secrets.sha256(secret)).doesNotContain(secret.substring(4));
        Api.as("alice").get("/api/v1/tokens").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].token", nullValue())
                .body("[0].prefix", equalTo(secret.substring(0, 8)));
        assertThat(fixtures.audit("token", id.toString())).containsExactly("token.create by alice via oidc");
    }

    @Test
    void tokenActsAsItsCreatorAndRecordsItsUse() {
        String secret = mint("alice", List.of("clusters:read", "clusters:write")).path("token");
        String clusterId = Api.withToken(secret).body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");

        Api.as("alice").get("/api/v1/clusters").then().body("id", equalTo(List.of(clusterId)));
        Api.as("alice").get("/api/v1/tokens").then().body("[0].lastUsedAt", notNullValue());
        assertThat(fixtures.audit("cluster", clusterId).getFirst()).startsWith("cluster.create by alice via token:");
    }

    @Test
    void missingScopeIsA403NamingTheScope() {
        String readOnly = mint("alice", List.of("clusters:read")).path("token");

        Api.withToken(readOnly).get("/api/v1/clusters").then().statusCode(200);
        Api.withToken(readOnly).body(Map.of()).post("/api/v1/clusters").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/missing-scope"))
                .body("detail", containsString("'clusters:write'"));
        Api.withToken(readOnly).get("/api/v1/tokens").then().statusCode(403).body("detail", containsString("'tokens'"));
    }

    @Test
    void revocationTakesEffectOnTheVeryNextCall() {
        Response created = mint("alice", List.of("clusters:read"));
        String secret = created.path("token");
        String id = created.path("id");
        Api.withToken(secret).get("/api/v1/clusters").then().statusCode(200);

        Api.as("alice").delete("/api/v1/tokens/" + id).then().statusCode(204);

        Api.withToken(secret).get("/api/v1/clusters").then().statusCode(401).contentType("application/problem+json");
        Api.as("alice").get("/api/v1/tokens").then().body("[0].revokedAt", notNullValue());
        assertThat(fixtures.audit("token", id)).containsExactly("token.create by alice via oidc", "token.revoke by alice via oidc");
    }

    @Test
    void expiredTokenIsRefused() {
        Response created = mint("alice", List.of("clusters:read"));
        String secret = created.path("token");
        Api.withToken(secret).get("/api/v1/clusters").then().statusCode(200);

        fixtures.setTokenExpiry(UUID.fromString(created.path("id")), Instant.now().minusSeconds(1));

        Api.withToken(secret).get("/api/v1/clusters").then().statusCode(401);
    }

    @Test
    void strangersTokenCannotBeRevoked() {
        String id = mint("alice", List.of("clusters:read")).path("id");
        Api.as("bob").delete("/api/v1/tokens/" + id).then().statusCode(404).contentType("application/problem+json");
        Api.as("bob").get("/api/v1/tokens").then().body("size()", equalTo(0));
    }

    @Test
    void tokensCannotExceedTheirCreator() {
        Api.as("alice").body(Map.of("name", "ops", "scopes", List.of("hosts:admin"))).post("/api/v1/tokens").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("scopes")))
                .body("errors[0].message", containsString("admin role"));
        String limited = mint("alice", List.of("tokens")).path("token");
        Api.withToken(limited).body(Map.of("name", "wider", "scopes", List.of("clusters:write"))).post("/api/v1/tokens").then()
                .statusCode(400)
                .body("errors[0].message", containsString("your own credentials lack it"));
    }

    @Test
    void invalidRequestsNameTheirFields() {
        Api.as("alice").body(Map.of("name", "", "scopes", List.of("clusters:fly"), "expiresIn", "soon"))
                .post("/api/v1/tokens").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("name", "scopes", "expiresIn")));
        Api.as("alice").body(Map.of("name", "x", "scopes", List.of("clusters:read"), "expiresIn", "400d"))
                .post("/api/v1/tokens").then()
                .statusCode(400).body("errors.field", equalTo(List.of("expiresIn")));
    }
}
