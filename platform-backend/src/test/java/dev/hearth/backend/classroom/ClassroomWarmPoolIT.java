package dev.hearth.backend.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pre-provisioning, the warm hand-out, reset and the end of class with a host online: a real
 * WebSocket peer speaks the agent protocol as the host's agent would (receives desired sets,
 * reports READY and DELETED), so what the backend decides is checked end to end through the API.
 * That the containers really go is checked with the real agent by the system tests.
 */
@QuarkusTest
class ClassroomWarmPoolIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final long MIB = 1024L * 1024;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    private final List<ProtocolPeer> peers = new ArrayList<>();

    @BeforeEach
    void clean() {
        classrooms.removeAll();
        hosts.removeTestHosts();
    }

    @AfterEach
    void disconnect() {
        peers.forEach(ProtocolPeer::close);
        classrooms.removeAll();
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob", "irene");
    }

    @Test
    void preProvisionedSeatsAreHandedOutReadyAtOnceResetAndTornDownAtTheEnd() {
        ProtocolPeer agent = online(hosts.enrol("warm"), 16_384, 20);
        Map<String, Object> room = ClassroomFixtures.create("Warm", 3);
        String id = (String) room.get("id");

        Api.as("irene").post("/api/v1/classrooms/" + id + "/provision").then().statusCode(202)
                .body("provisionedAt", org.hamcrest.Matchers.notNullValue());
        List<String> pool = seatClusters(id);
        assertThat(pool).hasSize(3).doesNotContainNull();
        // Warm-pool clusters are nobody's yet: in no one's list or quota.
        assertThat(classrooms.owners(pool).values()).containsOnly("-");
        DesiredClusters desired = agent.next(DesiredClusters.class,
                d -> d.clusters().stream().map(DesiredCluster::id).collect(Collectors.toSet()).containsAll(pool), WAIT);
        assertThat(desired.clusters()).as("a warm cluster reads nobody's repositories")
                .extracting(DesiredCluster::registryNamespace).containsOnlyNulls();
        desired.clusters().forEach(c -> agent.send(new ClusterObserved(c.id(), c.generation(), ObservedPhase.READY, null,
                "https://127.0.0.1:40000", null)));
        Eventually.until("all three seats READY on the board", WAIT,
                () -> board(id).getInt("counts.ready") == 3);

        // alice takes a seat: a READY cluster, handed over in one short transaction.
        long started = System.nanoTime();
        Response joined = Api.as("alice").body(Map.of("code", ClassroomApiIT.code(room))).post("/api/v1/classrooms/join");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        joined.then().statusCode(200).body("warm", equalTo(true)).body("phase", equalTo("READY"));
        assertThat(tookMs).as("hand-out latency, ms").isLessThan(1000);
        String alices = joined.path("clusterId");
        Api.as("alice").get("/api/v1/clusters/" + alices).then().statusCode(200).body("phase", equalTo("READY"));
        assertThat(classrooms.owners(List.of(alices))).containsEntry(alices, "alice");
        // The hand-out re-sends the host's set, so the agent lets her cluster read her repositories.
        agent.next(DesiredClusters.class, d -> d.clusters().stream().anyMatch(c -> c.id().equals(alices)
                && c.registryNamespace() != null && c.registryNamespace().matches("alice(-\\d+)?")), WAIT);
        Api.as("alice").get("/api/v1/clusters/" + alices + "/events").then()
                .body("message", org.hamcrest.Matchers.hasItem(containsString("Handed to alice (seat 1 of Warm)")));

        Response bobJoined = Api.as("bob").body(Map.of("code", ClassroomApiIT.code(room))).post("/api/v1/classrooms/join");
        bobJoined.then().statusCode(200).body("warm", equalTo(true)).body("phase", equalTo("READY"));
        String bobs = bobJoined.path("clusterId");
        String bobSeat = bobJoined.path("seatId");

        // Reset bob's seat: his old cluster goes, a fresh one (his) comes up in its place.
        Api.as("irene").post("/api/v1/classrooms/" + id + "/seats/" + bobSeat + "/reset").then().statusCode(202)
                .body("participant", equalTo("bob")).body("phase", equalTo("REQUESTED"));
        String fresh = board(id).getString("seats.find { it.id == '" + bobSeat + "' }.clusterId");
        assertThat(fresh).isNotEqualTo(bobs);
        assertThat(classrooms.phase(bobs)).isEqualTo("DELETING");
        agent.desiredWith(bobs, false, WAIT);
        agent.send(new ClusterObserved(bobs, classrooms.generation(bobs) - 1, ObservedPhase.DELETED, null, null, null));
        DesiredCluster next = agent.desiredWith(fresh, true, WAIT).clusters().stream()
                .filter(c -> c.id().equals(fresh)).findFirst().orElseThrow();
        agent.send(new ClusterObserved(fresh, next.generation(), ObservedPhase.READY, null, "https://127.0.0.1:45555", null));
        Eventually.until("bob's fresh cluster READY", WAIT, () -> "READY".equals(classrooms.phase(fresh)));
        Eventually.until("bob's old cluster DELETED", WAIT, () -> "DELETED".equals(classrooms.phase(bobs)));
        assertThat(classrooms.owners(List.of(fresh))).containsEntry(fresh, "bob");

        // Extend from the board, within policy.
        Api.as("irene").body(Map.of("ttl", "30m")).post("/api/v1/classrooms/" + id + "/seats/" + bobSeat + "/extend")
                .then().statusCode(200);
        Api.as("irene").body(Map.of("ttl", "9h")).post("/api/v1/classrooms/" + id + "/seats/" + bobSeat + "/extend")
                .then().statusCode(400).body("errors[0].field", equalTo("ttl"));

        // End of class: every seat's cluster leaves the host's desired set; the agent's DELETED reports finish them.
        List<String> live = seatClusters(id);
        Api.as("irene").post("/api/v1/classrooms/" + id + "/end").then().statusCode(200)
                .body("status", equalTo("ENDED")).body("joinCode.state", equalTo("EXPIRED"));
        DesiredClusters after = agent.next(DesiredClusters.class,
                d -> d.clusters().stream().noneMatch(c -> live.contains(c.id())), WAIT);
        assertThat(after.clusters()).isEmpty();
        for (String c : live) {
            agent.send(new ClusterObserved(c, classrooms.generation(c) - 1, ObservedPhase.DELETED, null, null, null));
        }
        Eventually.until("every seat's cluster DELETED", WAIT,
                () -> live.stream().allMatch(c -> "DELETED".equals(classrooms.phase(c))));
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));

        JsonPath summary = Api.as("irene").get("/api/v1/classrooms/" + id + "/summary").then().statusCode(200)
                .extract().jsonPath();
        assertThat(summary.getInt("seatsUsed")).isEqualTo(2);
        // Demo steps are the guided demo's DONE count; neither participant opened the demo here.
        assertThat(summary.getInt("stepsCompleted")).isZero();
        assertThat(summary.getList("rows.secondsToFirstSuccess", Integer.class)).containsExactly(0, 0);
        String csv = Api.as("irene").accept("text/csv").get("/api/v1/classrooms/" + id + "/summary").then().statusCode(200)
                .extract().asString();
        assertThat(csv.lines().toList()).hasSize(3).first().isEqualTo("seat,participant,joined_at,left_at,steps_completed,seconds_to_first_success");
        assertThat(csv).contains(",alice,").contains(",bob,");
        assertThat(fixtures.audit("classroom", id)).contains("classroom.provision by irene via oidc", "seat.reset by irene via oidc",
                "seat.extend by irene via oidc", "classroom.end by irene via oidc");
    }

    @Test
    void aHostStartsAtMostThreeWarmPoolClustersAtOnceAndTheBoardSaysWhyTheRestWait() {
        ProtocolPeer agent = online(hosts.enrol("rate"), 16_384, 20);
        Map<String, Object> room = ClassroomFixtures.create("Waves", 5);
        String id = (String) room.get("id");
        Api.as("irene").post("/api/v1/classrooms/" + id + "/provision").then().statusCode(202);

        Eventually.until("three scheduled, two waiting with the reason", WAIT, () -> {
            JsonPath b = board(id);
            return b.getInt("counts.starting") == 3 && b.getInt("counts.waiting") == 2
                    && "Waiting: pre-provisioning starts at most 3 clusters at a time per host".equals(b.getString("waitingReason"));
        });
        // Someone waiting in person is not held back by the warm pool's limit.
        String own = Api.as("bob").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        agent.desiredWith(own, true, WAIT);
        // It is one more the host is starting, so the warm pool waits for it too.
        agent.send(new ClusterObserved(own, classrooms.generation(own), ObservedPhase.READY, null, "https://127.0.0.1:41001", null));
        Eventually.until("bob's own cluster READY", WAIT, () -> "READY".equals(classrooms.phase(own)));
        assertThat(board(id).getInt("counts.waiting")).isEqualTo(2);

        // One of the first wave comes up: the next warm-pool cluster starts.
        Set<String> scheduled = board(id).getList("seats.findAll { it.phase == 'SCHEDULED' }.clusterId", String.class)
                .stream().collect(Collectors.toSet());
        String first = scheduled.iterator().next();
        agent.send(new ClusterObserved(first, classrooms.generation(first), ObservedPhase.READY, null, "https://127.0.0.1:41000", null));
        Eventually.until("a fourth seat starting", WAIT, () -> board(id).getInt("counts.waiting") == 1);
    }

    private ProtocolPeer online(EnrolledHost host, int memoryMib, int maxClusters) {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        peers.add(peer);
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, memoryMib * MIB, maxClusters)));
        peer.next(DesiredClusters.class, WAIT);
        return peer;
    }

    private static JsonPath board(String id) {
        return Api.as("irene").get("/api/v1/classrooms/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> seatClusters(String id) {
        return board(id).getList("seats.clusterId", String.class);
    }
}
