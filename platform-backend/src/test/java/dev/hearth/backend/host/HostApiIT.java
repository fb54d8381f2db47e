package dev.hearth.backend.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import dev.hearth.backend.support.Secrets;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hosts are for admins: enrolment hands out an agent token once; everyone else is refused. */
@QuarkusTest
class HostApiIT {

    @Inject
    Fixtures fixtures;

    private static String uniqueName() {
        return "worker-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void adminEnrolsAHostAndSeesItListed() {
        String name = uniqueName();
        Response enrolled = Api.as("admin")
                .body(Map.of("name", name, "capacity", Map.of("memoryMib", 16384, "cpuMillis", 4000, "maxClusters", 20)))
                .post("/api/v1/hosts");
        enrolled.then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("capacity.memoryMib", equalTo(16384))
                .body("capacity.maxClusters", equalTo(20))
                .body("agentToken", matchesPattern("hha_[A-Za-z0-9]{40}"));
        UUID id = UUID.fromString(enrolled.path("id"));
        assertThat(fixtures.hostTokenHash(id)).isEqualTo(Secrets.sha256(enrolled.path("agentToken")));

        Api.as("admin").get("/api/v1/hosts").then().statusCode(200)
                .body("name", hasItem(name))
                .body("agentToken", not(hasItem(enrolled.<String>path("agentToken"))));
        assertThat(fixtures.audit("host", id.toString())).containsExactly("host.enrol by admin via oidc");

        Api.as("admin").body(Map.of("name", name)).post("/api/v1/hosts").then().statusCode(409);
    }

    @Test
    void drainingAndRetiringAreAuditedAdminOnlyAndNameAMissingHost() {
        UUID id = UUID.fromString(Api.as("admin").body(Map.of("name", uniqueName())).post("/api/v1/hosts").path("id"));
        for (String action : List.of("/drain", "/retire")) {
            Api.as("alice").post("/api/v1/hosts/" + id + action).then().statusCode(403).contentType("application/problem+json");
        }
        Api.as("alice").delete("/api/v1/hosts/" + id + "/drain").then().statusCode(403);
        UUID missing = UUID.randomUUID();
        Api.as("admin").post("/api/v1/hosts/" + missing + "/drain").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("host '" + missing + "' does not exist"));

        Api.as("admin").post("/api/v1/hosts/" + id + "/drain").then().statusCode(200).body("scheduling", equalTo("DRAINED"));
        Api.as("admin").post("/api/v1/hosts/" + id + "/drain").then().statusCode(200).body("scheduling", equalTo("DRAINED"));
        Api.as("admin").post("/api/v1/hosts/" + id + "/retire").then().statusCode(200).body("scheduling", equalTo("RETIRED"))
                .body("retiredAt", org.hamcrest.Matchers.notNullValue());
        assertThat(fixtures.audit("host", id.toString()))
                .containsExactly("host.enrol by admin via oidc", "host.drain by admin via oidc", "host.retire by admin via oidc");
        Api.as("admin").post("/api/v1/hosts/" + id + "/drain").then().statusCode(409)
                .body("detail", containsString("was retired at"));
    }

    @Test
    void nonAdminsAreForbidden() {
        for (String user : List.of("alice", "irene")) {
            Api.as(user).get("/api/v1/hosts").then().statusCode(403).contentType("application/problem+json");
            Api.as(user).body(Map.of("name", uniqueName())).post("/api/v1/hosts").then().statusCode(403);
        }
        Api.anonymous().get("/api/v1/hosts").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void adminTokenNeedsTheHostsScope() {
        fixtures.forget("admin");
        String withoutScope = Api.as("admin").body(Map.of("name", "ci", "scopes", List.of("clusters:read")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        String withScope = Api.as("admin").body(Map.of("name", "ops", "scopes", List.of("hosts:admin")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

        Api.withToken(withoutScope).get("/api/v1/hosts").then().statusCode(403)
                .body("detail", containsString("'hosts:admin'"));
        Api.withToken(withScope).get("/api/v1/hosts").then().statusCode(200);
    }

    @Test
    void invalidEnrolmentNamesTheFields() {
        Api.as("admin").body(Map.of("name", "Bad Name!", "capacity", Map.of("memoryMib", 0)))
                .post("/api/v1/hosts").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("name", "capacity.memoryMib")));
    }
}
