package dev.hearth.backend.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placement as users see it: spread over hosts, a visible queue when full, and room reused once freed. */
@QuarkusTest
class SchedulingIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final long MIB = 1024L * 1024;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures fixtures;

    private final List<ProtocolPeer> peers = new ArrayList<>();

    @BeforeEach
    void clean() {
        fixtures.removeAllClusters();
        fixtures.removeTestHosts();
    }

    @AfterEach
    void disconnect() {
        peers.forEach(ProtocolPeer::close);
        fixtures.removeAllClusters();
        fixtures.removeTestHosts();
    }

    @Test
    void clustersSpreadOverTwoHostsAndTheRestWaitsWithAReason() {
        // 1024 MiB each: room for two clusters of 350 MiB, not three.
        EnrolledHost a = fixtures.enrol("a");
        EnrolledHost b = fixtures.enrol("b");
        online(a, 1024, 10);
        online(b, 1024, 10);

        List<String> placed = new ArrayList<>();
        for (String user : List.of("alice", "bob", "alice", "bob")) {
            placed.add(requestCluster(user));
        }
        for (String id : placed) {
            Eventually.until(id + " scheduled", WAIT, () -> "SCHEDULED".equals(view(id).get("phase")));
        }
        assertThat(placed.stream().map(id -> view(id).get("host")))
                .containsExactlyInAnyOrder(a.name(), a.name(), b.name(), b.name());

        String waiting = requestCluster("alice");
        Eventually.until("a reason on the waiting cluster", WAIT,
                () -> String.valueOf(view(waiting).get("message")).startsWith("Waiting for capacity: no host has 350 MiB free"));
        Api.as("alice").get("/api/v1/clusters/" + waiting).then()
                .body("phase", equalTo("REQUESTED"))
                .body("queuePosition", equalTo(1));
        Api.as("admin").get("/api/v1/hosts").then()
                .body("find { it.name == '" + a.name() + "' }.usage.memoryMib", equalTo(700))
                .body("find { it.name == '" + a.name() + "' }.usage.clusters", equalTo(2));

        // Deleting one (still SCHEDULED, so at once) frees room, and the waiting one takes it.
        String freed = placed.getFirst();
        Object freedHost = view(freed).get("host");
        Api.as("alice").delete("/api/v1/clusters/" + freed).then().statusCode(202).body("phase", equalTo("DELETED"));
        Eventually.until(waiting + " scheduled into the freed room", WAIT, () -> "SCHEDULED".equals(view(waiting).get("phase")));
        assertThat(view(waiting).get("host")).isEqualTo(freedHost);
    }

    @Test
    void withNoHostOnlineTheRequestWaitsAndSaysSo() {
        String id = requestCluster("bob");
        Eventually.until("the reason", WAIT,
                () -> "Waiting for capacity: no host is online".equals(view(id).get("message")));
        EnrolledHost host = fixtures.enrol("late");
        ProtocolPeer agent = online(host, 4096, 10);
        agent.desiredWith(id, true, WAIT);
        Api.as("bob").get("/api/v1/clusters/" + id).then().body("phase", equalTo("SCHEDULED")).body("host", equalTo(host.name()));
    }

    @Test
    void aDrainedHostTakesNoNewClustersAndKeepsItsOwnUntilItIsRetired() {
        EnrolledHost a = fixtures.enrol("a");
        EnrolledHost b = fixtures.enrol("b");
        ProtocolPeer agentA = online(a, 4096, 10);
        String onA = requestCluster("alice");
        agentA.desiredWith(onA, true, WAIT);
        online(b, 1024, 10);

        Api.as("admin").post("/api/v1/hosts/" + a.id() + "/drain").then().statusCode(200)
                .body("scheduling", equalTo("DRAINED"));
        // a is emptier (4096 MiB against 1024), so without the drain every new cluster would go there.
        List<String> later = List.of(requestCluster("bob"), requestCluster("alice"));
        for (String id : later) {
            Eventually.until(id + " scheduled", WAIT, () -> "SCHEDULED".equals(view(id).get("phase")));
            assertThat(view(id).get("host")).as("host of %s", id).isEqualTo(b.name());
        }
        assertThat(view(onA)).as("the drained host's own cluster").containsEntry("host", a.name())
                .containsEntry("phase", "SCHEDULED");

        // Retiring waits for the drained host to be empty; deleting its cluster empties it.
        Api.as("admin").post("/api/v1/hosts/" + a.id() + "/retire").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("host '" + a.name() + "' still holds 1 cluster; retire it once they have ended or been deleted"));
        Api.as("alice").delete("/api/v1/clusters/" + onA).then().statusCode(202);
        Api.as("admin").post("/api/v1/hosts/" + a.id() + "/retire").then().statusCode(200)
                .body("scheduling", equalTo("RETIRED"));

        // Retired is for good: it cannot be taken back, its agent is refused, and new clusters never go there.
        Api.as("admin").delete("/api/v1/hosts/" + a.id() + "/drain").then().statusCode(409);
        assertThat(refusedStatus(a)).isEqualTo(401);
        String next = requestCluster("bob");
        Eventually.until(next + " waits for room on b", WAIT,
                () -> String.valueOf(view(next).get("message")).startsWith("Waiting for capacity: no host has 350 MiB free"));
    }

    @Test
    void aHostMustBeDrainedBeforeItRetires() {
        EnrolledHost a = fixtures.enrol("a");
        online(a, 4096, 10);
        Api.as("admin").post("/api/v1/hosts/" + a.id() + "/retire").then().statusCode(409)
                .body("detail", equalTo("drain host '" + a.name() + "' first, and retire it once its clusters are gone"));
        Api.as("admin").get("/api/v1/hosts/" + a.id()).then().statusCode(200).body("scheduling", equalTo("ACCEPTING"));
    }

    @Test
    void withEveryOnlineHostDrainedTheRequestWaitsAndSaysSo() {
        EnrolledHost a = fixtures.enrol("a");
        online(a, 4096, 10);
        Api.as("admin").post("/api/v1/hosts/" + a.id() + "/drain").then().statusCode(200);
        String id = requestCluster("bob");
        Eventually.until("the reason", WAIT,
                () -> "Waiting for capacity: every online host is drained".equals(view(id).get("message")));

        // Taken back, it receives the waiting cluster with the next pass (here: the next request's).
        Api.as("admin").delete("/api/v1/hosts/" + a.id() + "/drain").then().statusCode(200)
                .body("scheduling", equalTo("ACCEPTING"));
        requestCluster("alice");
        Eventually.until(id + " scheduled", WAIT, () -> "SCHEDULED".equals(view(id).get("phase")));
    }

    @Test
    void aHostWithMemoryButNoCpuToSpareTakesNothingAndTheQueueSaysWhy() {
        // Plenty of memory and slots, no core left for clusters: the host counts as full for CPU.
        EnrolledHost host = fixtures.enrol("no-cpu");
        online(host, 0, 8192, 10);
        String id = requestCluster("bob");
        Eventually.until("the CPU reason", WAIT, () -> String.valueOf(view(id).get("message"))
                .equals("Waiting for capacity: no host has 0.02 cores free (most is 0 cores on " + host.name() + ")"));
        Api.as("bob").get("/api/v1/clusters/" + id).then().body("phase", equalTo("REQUESTED"));

        // A host with a core arrives and takes it.
        EnrolledHost roomy = fixtures.enrol("one-core");
        online(roomy, 1, 8192, 10).desiredWith(id, true, WAIT);
        assertThat(view(id).get("host")).isEqualTo(roomy.name());
    }

    /** The HTTP status a new agent connection with the host's token gets. */
    private int refusedStatus(EnrolledHost host) {
        try {
            ProtocolPeer.connect(base, host.bearer()).close();
            return 101;
        } catch (ProtocolPeer.Refused refused) {
            return refused.status;
        }
    }

    private ProtocolPeer online(EnrolledHost host, int memoryMib, int maxClusters) {
        return online(host, 2, memoryMib, maxClusters);
    }

    private ProtocolPeer online(EnrolledHost host, int cpus, int memoryMib, int maxClusters) {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        peers.add(peer);
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(cpus, memoryMib * MIB, maxClusters)));
        peer.next(DesiredClusters.class, WAIT);
        return peer;
    }

    private static String requestCluster(String user) {
        return Api.as(user).body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
    }

    /** Any user's cluster, read as its owner. */
    private static Map<String, Object> view(String id) {
        for (String user : List.of("alice", "bob")) {
            var response = Api.as(user).get("/api/v1/clusters/" + id);
            if (response.statusCode() == 200) {
                return response.jsonPath().getMap("");
            }
        }
        throw new AssertionError("cluster " + id + " belongs to neither alice nor bob");
    }
}
