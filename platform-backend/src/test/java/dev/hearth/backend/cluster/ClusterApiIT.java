package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster API as alice and bob use it: request, list, tenancy, delete, extend, events, kubeconfig. */
@QuarkusTest
class ClusterApiIT {

    @Inject
    Fixtures fixtures;

    @BeforeEach
    void clean() {
        fixtures.forget("alice", "bob");
    }

    @Test
    void requestedClusterWaitsInTheQueueAndIsListed() {
        Response created = Api.as("alice").body(Map.of("name", "demo", "ttl", "2h")).post("/api/v1/clusters");
        created.then()
                .statusCode(202)
                .header("Location", matchesPattern(".*/api/v1/clusters/c-[a-z0-9]{6}"))
                .body("id", matchesPattern("c-[a-z0-9]{6}"))
                .body("name", equalTo("demo"))
                .body("phase", equalTo("REQUESTED"))
                .body("queuePosition", notNullValue())
                .body("config", containsString("apiVersion: hearth.dev/v1alpha1"))
                .body("config", containsString("ttl: 2h"));
        String id = created.path("id");
        Instant createdAt = Instant.parse(created.path("createdAt"));
        Instant expiresAt = Instant.parse(created.path("expiresAt"));
        assertThat(Duration.between(createdAt, expiresAt)).isEqualTo(Duration.ofHours(2));
        assertThat(created.header("Location")).endsWith("/api/v1/clusters/" + id);

        Api.as("alice").get("/api/v1/clusters").then().statusCode(200)
                .body("id", equalTo(List.of(id)));
        Api.as("alice").get("/api/v1/clusters/" + id).then().statusCode(200)
                .body("phase", equalTo("REQUESTED"))
                .body("queuePosition", equalTo((Integer) created.path("queuePosition")));
    }

    @Test
    void laterRequestsQueueBehindEarlierOnes() {
        int first = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("queuePosition");
        int second = Api.as("bob").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("queuePosition");
        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    void defaultsApplyWithoutBody() {
        Response created = Api.as("alice").post("/api/v1/clusters");
        created.then().statusCode(202).body("phase", equalTo("REQUESTED"));
        String id = created.path("id");
        assertThat((String) created.path("name")).isEqualTo(id);
        Duration ttl = Duration.between(Instant.parse(created.path("createdAt")), Instant.parse(created.path("expiresAt")));
        assertThat(ttl).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void configMayBeYamlTextOrAJsonObjectAndCinderConfigsAreAccepted() {
        String yaml = """
                apiVersion: cinder.crit.sh/v1alpha1
                kind: ClusterConfiguration
                featureGates:
                  LocalRegistry: false
                registryMirrors:
                  docker.io: "https://mirror.example"
                ttl: 90m
                """;
        Response fromYaml = Api.as("alice").body(Map.of("config", yaml)).post("/api/v1/clusters");
        fromYaml.then().statusCode(202)
                .body("config", containsString("LocalRegistry: false"))
                .body("config", containsString("Krustlet: true"))
                .body("config", containsString("https://mirror.example"))
                .body("config", containsString("ttl: 1h30m"));
        Map<String, Object> json = Map.of("apiVersion", "hearth.dev/v1alpha1", "kind", "ClusterConfiguration",
                "featureGates", Map.of("Krustlet", false));
        Api.as("alice").body(Map.of("config", json)).post("/api/v1/clusters").then().statusCode(202)
                .body("config", containsString("Krustlet: false"));
    }

    @Test
    void strangersClusterIsNotFoundWhateverTheyTry() {
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");

        for (Response r : List.of(
                Api.as("bob").get("/api/v1/clusters/" + id),
                Api.as("bob").get("/api/v1/clusters/" + id + "/events"),
                Api.as("bob").get("/api/v1/clusters/" + id + "/kubeconfig"),
                Api.as("bob").body(Map.of("ttl", "1h")).post("/api/v1/clusters/" + id + "/extend"),
                Api.as("bob").delete("/api/v1/clusters/" + id))) {
            r.then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("https://hearth.dev/problems/not-found"))
                    .body("detail", containsString(id));
        }
        Api.as("bob").get("/api/v1/clusters").then().statusCode(200).body("size()", equalTo(0));
        Api.as("alice").get("/api/v1/clusters/" + id).then().statusCode(200).body("phase", equalTo("REQUESTED"));
    }

    @Test
    void unknownConfigFieldIsRejectedByName() {
        String yaml = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nfeatureGate:\n  Krustlet: true\n";
        Api.as("alice").body(Map.of("config", yaml)).post("/api/v1/clusters").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/validation"))
                .body("errors.field", equalTo(List.of("featureGate")))
                .body("errors[0].message", containsString("unknown field"));
    }

    @Test
    void oversizedConfigurationIsRejectedByNameWhicheverWayItIsSent() {
        Map<String, String> mirrors = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            mirrors.put("registry" + i + ".example", "https://mirror" + i + ".example");
        }
        Map<String, Object> asJson = Map.of("apiVersion", "hearth.dev/v1alpha1", "kind", "ClusterConfiguration",
                "registryMirrors", mirrors);
        Api.as("alice").body(Map.of("config", asJson)).post("/api/v1/clusters").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("config")))
                .body("errors[0].message", containsString("at most 16384"));
        Map<String, Object> seventeen = Map.of("apiVersion", "hearth.dev/v1alpha1", "kind", "ClusterConfiguration",
                "registryMirrors", mirrors.entrySet().stream().limit(17)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        Api.as("alice").body(Map.of("config", seventeen)).post("/api/v1/clusters").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("registryMirrors")))
                .body("errors[0].message", containsString("at most 16"));
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));
    }

    @Test
    void badFeatureGateValueIsRejectedByName() {
        String yaml = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nfeatureGates:\n  Krustlet: maybe\n";
        Api.as("alice").body(Map.of("config", yaml)).post("/api/v1/clusters").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("featureGates.Krustlet")))
                .body("errors[0].message", containsString("true or false"));
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));
    }

    @Test
    void badOrExcessiveTtlIsRejectedByName() {
        Api.as("alice").body(Map.of("ttl", "forever")).post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("ttl")));
        Api.as("alice").body(Map.of("ttl", "12h")).post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("ttl")))
                .body("errors[0].message", containsString("maximum of 8h"));
        Api.as("alice").body(Map.of("config", "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nttl: 3 hours\n"))
                .post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("ttl")));
    }

    @Test
    void badBodiesAreProblemsNamingTheField() {
        Api.as("alice").body("{\"name\": ").post("/api/v1/clusters").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/malformed-body"));
        Api.as("alice").body("{\"colour\": \"red\"}").post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("colour")));
        Api.as("alice").body("{\"name\": [1, 2]}").post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("name")));
        Api.as("alice").body(Map.of("name", "Not A DNS Label")).post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("name")));
        Api.as("alice").body(Map.of("config", "featureGates: [unclosed")).post("/api/v1/clusters").then()
                .statusCode(400).body("errors.field", equalTo(List.of("config")));
    }

    @Test
    void quotaStopsTheFourthClusterWithAClearMessage() {
        for (int i = 0; i < 3; i++) {
            Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202);
        }
        Api.as("alice").body(Map.of()).post("/api/v1/clusters").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/quota-exceeded"))
                .body("detail", containsString("at most 3"));
        // Bob's quota is his own.
        Api.as("bob").body(Map.of()).post("/api/v1/clusters").then().statusCode(202);
        // Deleting one frees a place.
        String first = Api.as("alice").get("/api/v1/clusters").then().extract().path("[0].id");
        Api.as("alice").delete("/api/v1/clusters/" + first).then().statusCode(202);
        Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202);
    }

    @Test
    void simultaneousRequestsCannotSlipPastTheQuota() throws Exception {
        String bearer = dev.hearth.backend.testing.Keycloak.bearer("alice");
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            List<java.util.concurrent.Future<Integer>> statuses = pool.invokeAll(java.util.Collections.nCopies(12,
                    () -> io.restassured.RestAssured.given().header("Authorization", bearer)
                            .contentType("application/json").body("{}").post("/api/v1/clusters").statusCode()));
            List<Integer> codes = new java.util.ArrayList<>();
            for (var status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(c -> c == 202).hasSize(3);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(9);
        }
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(3));
    }

    @Test
    void deletingAnUnscheduledClusterFinishesAtOnceAndLeavesEvents() {
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");

        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202).body("phase", equalTo("DELETED"));

        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));
        Api.as("alice").get("/api/v1/clusters/" + id).then().statusCode(200).body("phase", equalTo("DELETED"));
        Api.as("alice").get("/api/v1/clusters/" + id + "/events").then().statusCode(200)
                .body("phase", equalTo(List.of("REQUESTED", "DELETING", "DELETED")))
                .body("[1].message", containsString("requested by alice"));
        // A second delete is harmless.
        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202).body("phase", equalTo("DELETED"));
        assertThat(fixtures.audit("cluster", id)).containsExactly(
                "cluster.create by alice via oidc", "cluster.delete by alice via oidc");
    }

    @Test
    void extendingStaysWithinThePolicy() {
        Response created = Api.as("alice").body(Map.of("ttl", "4h")).post("/api/v1/clusters");
        String id = created.path("id");
        Instant expiry = Instant.parse(created.path("expiresAt"));

        String extended = Api.as("alice").body(Map.of("ttl", "2h")).post("/api/v1/clusters/" + id + "/extend").then()
                .statusCode(200).extract().path("expiresAt");
        assertThat(Instant.parse(extended)).isEqualTo(expiry.plus(Duration.ofHours(2)));

        Api.as("alice").body(Map.of("ttl", "3h")).post("/api/v1/clusters/" + id + "/extend").then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("ttl")))
                .body("errors[0].message", containsString("policy limit of 8h"));
        Api.as("alice").body(Map.of()).post("/api/v1/clusters/" + id + "/extend").then()
                .statusCode(400).body("errors.field", equalTo(List.of("ttl")));
        Api.as("alice").get("/api/v1/clusters/" + id + "/events").then()
                .body("message", hasItem(containsString("Extended by 2h")));
        assertThat(fixtures.audit("cluster", id)).contains("cluster.extend by alice via oidc");

        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202);
        Api.as("alice").body(Map.of("ttl", "1h")).post("/api/v1/clusters/" + id + "/extend").then()
                .statusCode(409).body("type", endsWith("/cluster-not-extendable"));
    }

    @Test
    void kubeconfigIsAConflictUntilReady() {
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/cluster-not-ready"))
                .body("detail", containsString("REQUESTED"));
    }

    @Test
    void eventStreamDeliversHistoryAndEndsWhenTheClusterIsGone() {
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202);

        String stream = Api.as("alice").accept("text/event-stream").get("/api/v1/clusters/" + id + "/events")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();

        assertThat(stream).contains("event:cluster-event").contains("\"phase\":\"REQUESTED\"")
                .contains("\"phase\":\"DELETING\"").contains("\"phase\":\"DELETED\"");
        Api.as("bob").accept("text/event-stream").get("/api/v1/clusters/" + id + "/events").then().statusCode(404);
    }
}
