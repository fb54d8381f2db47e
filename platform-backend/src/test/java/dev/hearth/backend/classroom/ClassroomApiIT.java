package dev.hearth.backend.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The classroom API as instructors and participants use it, against the real backend, PostgreSQL
 * and Keycloak: creating, the join code's rules, limits, and who may see what. No host is online
 * here, so joined seats' clusters wait in the queue (ClassroomWarmPoolIT has a host).
 */
@QuarkusTest
class ClassroomApiIT {

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    ClassroomEnder ender;

    @BeforeEach
    @AfterEach
    void clean() {
        classrooms.removeAll();
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob", "irene");
    }

    @Test
    void anInstructorCreatesAClassroomWithSeatsAndAJoinCode() {
        Map<String, Object> body = ClassroomFixtures.body("WASI morning", 3);
        body.put("ttl", "90m");
        body.put("demoTrack", "rust");
        body.put("config", "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\nfeatureGates:\n  LocalRegistry: true\n");
        Response created = Api.as("irene").body(body).post("/api/v1/classrooms");
        created.then().statusCode(201)
                .body("name", equalTo("WASI morning"))
                .body("status", equalTo("RUNNING"))
                .body("seatCount", equalTo(3))
                .body("seats.size()", equalTo(3))
                .body("seats.number", equalTo(List.of(1, 2, 3)))
                .body("seats[0].participant", nullValue())
                .body("ttl", equalTo("1h30m"))
                .body("demoTrack", equalTo("rust"))
                .body("joinCode.code", matchesPattern("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}"))
                .body("joinCode.state", equalTo("ACTIVE"))
                .body("joinCode.maxUses", equalTo(3))
                .body("joinCode.link", containsString("/classrooms/join?code="));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/classrooms/" + id);
        Api.as("irene").get("/api/v1/classrooms").then().statusCode(200).body("id", hasItem(id));
        assertThat(fixtures.audit("classroom", id)).containsExactly("classroom.create by irene via oidc");
    }

    @Test
    void invalidRequestsNameEveryBadField() {
        Api.as("irene").body(Map.of("seats", 0, "endsAt", "2020-01-01T00:00:00Z", "demoTrack", "go",
                        "config", Map.of("featureGates", Map.of("Krustlet", "maybe"))))
                .post("/api/v1/classrooms").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("seats"))
                .body("errors.field", hasItem("startsAt"))
                .body("errors.field", hasItem("endsAt"))
                .body("errors.field", hasItem("demoTrack"))
                .body("errors.field", hasItem("config.featureGates.Krustlet"));
        Map<String, Object> tooLong = ClassroomFixtures.body("long", 2);
        tooLong.put("ttl", "9h");
        Api.as("irene").body(tooLong).post("/api/v1/classrooms").then().statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", containsString("longer than the policy maximum of 8h"));
    }

    @Test
    void onlyInstructorsCreateAndOnlyTheirOwnBoardIsVisible() {
        Api.as("alice").body(ClassroomFixtures.body("not mine", 2)).post("/api/v1/classrooms").then().statusCode(403)
                .body("detail", containsString("instructor role"));

        // Another instructor's classroom does not exist for irene, nor for a participant; an admin sees it.
        String others = classrooms.otherInstructorsClassroom().toString();
        Api.as("irene").get("/api/v1/classrooms/" + others).then().statusCode(404).contentType("application/problem+json");
        Api.as("irene").post("/api/v1/classrooms/" + others + "/end").then().statusCode(404);
        Api.as("irene").get("/api/v1/classrooms").then().body("id", org.hamcrest.Matchers.not(hasItem(others)));
        Api.as("admin").get("/api/v1/classrooms/" + others).then().statusCode(200).body("name", equalTo("Olga's class"));
        Api.as("irene").get("/api/v1/classrooms/not-a-uuid").then().statusCode(404);
    }

    @Test
    void theBoardShowsTheGuidedDemoStepsASeatsParticipantHasDone() {
        Map<String, Object> room = ClassroomFixtures.create("Demo steps", 1);
        String id = (String) room.get("id");
        Api.as("alice").body(Map.of("code", code(room))).post("/api/v1/classrooms/join").then().statusCode(200);
        Api.as("irene").get("/api/v1/classrooms/" + id).then().body("seats[0].demoStep", equalTo(0));

        // Her own source saved is a DONE step without any cluster; the demo counts it when she next looks.
        Api.as("alice").body(Map.of("language", "c", "source", "int main(void) { return 0; }\n"))
                .put("/api/v1/demo/source").then().statusCode(200);
        Api.as("alice").get("/api/v1/demo").then().statusCode(200);

        Api.as("irene").get("/api/v1/classrooms/" + id).then().body("seats[0].demoStep", greaterThanOrEqualTo(1));
        Api.as("irene").get("/api/v1/classrooms/" + id + "/summary").then().statusCode(200)
                .body("stepsCompleted", greaterThanOrEqualTo(1));
    }

    @Test
    void aParticipantTakesASeatAndSeesOnlyTheirOwn() {
        Map<String, Object> room = ClassroomFixtures.create("Seats", 2);
        String id = (String) room.get("id");
        String code = code(room);

        Response joined = Api.as("alice").body(Map.of("code", code.toLowerCase().replace("-", " "))).post("/api/v1/classrooms/join");
        joined.then().statusCode(200)
                .body("classroomId", equalTo(id))
                .body("seat", equalTo(1))
                .body("phase", equalTo("REQUESTED"))
                .body("warm", equalTo(false));
        String clusterId = joined.path("clusterId");
        // The seat's cluster is alice's: in her list, waiting for a host like any request.
        Api.as("alice").get("/api/v1/clusters/" + clusterId).then().statusCode(200).body("name", equalTo("seats-1"));
        Api.as("bob").get("/api/v1/clusters/" + clusterId).then().statusCode(404);

        // Joining again is the same seat and does not use the code again.
        Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join").then().statusCode(200)
                .body("seatId", equalTo(joined.path("seatId"))).body("clusterId", equalTo(clusterId));
        Api.as("irene").get("/api/v1/classrooms/" + id).then()
                .body("joinCode.uses", equalTo(1))
                .body("seats[0].participant", equalTo("alice"))
                .body("seats[0].clusterId", equalTo(clusterId))
                .body("counts.taken", equalTo(1));

        // The participant sees her seat, never the board.
        Api.as("alice").get("/api/v1/classrooms/seats").then().statusCode(200)
                .body("[0].classroom", equalTo("Seats")).body("[0].seat", equalTo(1)).body("[0].clusterId", equalTo(clusterId));
        Api.as("alice").get("/api/v1/classrooms/" + id).then().statusCode(404);
        Api.as("alice").get("/api/v1/classrooms/" + id + "/summary").then().statusCode(404);
        Api.as("alice").post("/api/v1/classrooms/" + id + "/seats/" + joined.path("seatId") + "/reset").then().statusCode(404);
        Api.as("alice").get("/api/v1/classrooms").then().statusCode(200).body("size()", equalTo(0));
        assertThat(fixtures.audit("classroom", id)).contains("seat.join by alice via oidc");
    }

    /** A code that opens no seat gets one answer whatever the reason, so a guesser cannot tell a real code. */
    private static void notOpen(io.restassured.response.ValidatableResponse answer) {
        answer.statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hearth.dev/problems/join-code-not-open"))
                .body("title", equalTo("No open class with this code"))
                .body("detail", containsString("may be mistyped, expired, revoked or used up"));
    }

    @Test
    void joinCodesAreRefusedAlikeWhenUnknownExpiredUsedUpOrRevoked() {
        Api.as("alice").body(Map.of("code", " ")).post("/api/v1/classrooms/join").then().statusCode(400)
                .body("errors[0].field", equalTo("code"));
        notOpen(Api.as("alice").body(Map.of("code", "ZZZZ-ZZZZ")).post("/api/v1/classrooms/join").then());

        // Expired.
        Map<String, Object> expired = ClassroomFixtures.create("Expired", 2);
        classrooms.setCodeExpiry(expired.get("id"), Instant.now().minusSeconds(1));
        notOpen(Api.as("alice").body(Map.of("code", code(expired))).post("/api/v1/classrooms/join").then());

        // Used up: one use, taken by alice; bob is refused although a seat is free.
        Map<String, Object> body = ClassroomFixtures.body("Exhausted", 2);
        body.put("codeMaxUses", 1);
        Map<String, Object> once = Api.as("irene").body(body).post("/api/v1/classrooms").then().statusCode(201)
                .extract().jsonPath().getMap("");
        Api.as("alice").body(Map.of("code", code(once))).post("/api/v1/classrooms/join").then().statusCode(200);
        notOpen(Api.as("bob").body(Map.of("code", code(once))).post("/api/v1/classrooms/join").then());

        // Revoked: refused at once; a new code works and the old one is unknown.
        Map<String, Object> revoked = ClassroomFixtures.create("Revoked", 2);
        String id = (String) revoked.get("id");
        Api.as("irene").delete("/api/v1/classrooms/" + id + "/code").then().statusCode(200).body("joinCode.state", equalTo("REVOKED"));
        notOpen(Api.as("bob").body(Map.of("code", code(revoked))).post("/api/v1/classrooms/join").then());
        String fresh = Api.as("irene").body(Map.of("maxUses", 5)).post("/api/v1/classrooms/" + id + "/code").then()
                .statusCode(200).body("joinCode.state", equalTo("ACTIVE")).body("joinCode.maxUses", equalTo(5))
                .extract().path("joinCode.code");
        assertThat(fresh).isNotEqualTo(code(revoked));
        notOpen(Api.as("bob").body(Map.of("code", code(revoked))).post("/api/v1/classrooms/join").then());
        Api.as("bob").body(Map.of("code", fresh)).post("/api/v1/classrooms/join").then().statusCode(200);
        assertThat(fixtures.audit("classroom", id)).contains("classroom.code-revoke by irene via oidc",
                "classroom.code-rotate by irene via oidc", "seat.join by bob via oidc");
    }

    @Test
    void aFullClassTurnsTheNextParticipantAway() {
        Map<String, Object> body = ClassroomFixtures.body("Tiny", 1);
        body.put("codeMaxUses", 5);
        Map<String, Object> tiny = Api.as("irene").body(body).post("/api/v1/classrooms").then().statusCode(201)
                .extract().jsonPath().getMap("");
        Api.as("alice").body(Map.of("code", code(tiny))).post("/api/v1/classrooms/join").then().statusCode(200);
        Api.as("bob").body(Map.of("code", code(tiny))).post("/api/v1/classrooms/join").then().statusCode(409)
                .body("type", equalTo("https://hearth.dev/problems/classroom-full"))
                .body("detail", containsString("all 1 seats"));
    }

    @Test
    void seatAndClassroomLimitsPerInstructor() {
        Api.as("irene").body(ClassroomFixtures.body("Too big", 201)).post("/api/v1/classrooms").then().statusCode(400)
                .body("errors[0].field", equalTo("seats")).body("errors[0].message", equalTo("must be between 1 and 200"));
        Api.as("irene").body(ClassroomFixtures.body("Big", 150)).post("/api/v1/classrooms").then().statusCode(201);
        Api.as("irene").body(ClassroomFixtures.body("Bigger", 60)).post("/api/v1/classrooms").then().statusCode(409)
                .body("type", equalTo("https://hearth.dev/problems/seat-limit"))
                .body("detail", containsString("at most 50 more"));
        for (int i = 0; i < 4; i++) {
            Api.as("irene").body(ClassroomFixtures.body("Small " + i, 2)).post("/api/v1/classrooms").then().statusCode(201);
        }
        Api.as("irene").body(ClassroomFixtures.body("Sixth", 2)).post("/api/v1/classrooms").then().statusCode(409)
                .body("type", equalTo("https://hearth.dev/problems/classroom-limit"));
    }

    @Test
    void theEndTimeEndsTheClassAndItsCode() {
        Map<String, Object> room = ClassroomFixtures.create("Short", 2);
        String id = (String) room.get("id");
        Response joined = Api.as("alice").body(Map.of("code", code(room))).post("/api/v1/classrooms/join");
        String clusterId = joined.path("clusterId");
        classrooms.setEnd(id, Instant.now().minusSeconds(1));

        assertThat(ender.endDue()).extracting(Object::toString).containsExactly(id);
        Api.as("irene").get("/api/v1/classrooms/" + id).then()
                .body("status", equalTo("ENDED"))
                .body("joinCode.state", equalTo("EXPIRED"));
        // Never scheduled, so deleted at once.
        assertThat(classrooms.phase(clusterId)).isEqualTo("DELETED");
        notOpen(Api.as("bob").body(Map.of("code", code(room))).post("/api/v1/classrooms/join").then());
        assertThat(fixtures.audit("classroom", id)).contains("classroom.end by system via system");
        // The summary stays, with alice's stay closed.
        Api.as("irene").get("/api/v1/classrooms/" + id + "/summary").then().statusCode(200)
                .body("seatsUsed", equalTo(1)).body("rows[0].participant", equalTo("alice"))
                .body("rows[0].leftAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void apiTokensNeedTheClassroomsScope() {
        String without = Api.as("irene").body(Map.of("name", "ci", "scopes", List.of("clusters:read"))).post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        Api.withToken(without).get("/api/v1/classrooms").then().statusCode(403)
                .body("detail", containsString("'classrooms'"));
        String with = Api.as("irene").body(Map.of("name", "ci2", "scopes", List.of("classrooms"))).post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
        String id = Api.withToken(with).body(ClassroomFixtures.body("By token", 2)).post("/api/v1/classrooms").then()
                .statusCode(201).extract().path("id");
        assertThat(fixtures.audit("classroom", id)).singleElement().asString().startsWith("classroom.create by irene via token:");
    }

    static String code(Map<String, Object> board) {
        @SuppressWarnings("unchecked")
        Map<String, Object> joinCode = (Map<String, Object>) board.get("joinCode");
        return (String) joinCode.get("code");
    }
}
