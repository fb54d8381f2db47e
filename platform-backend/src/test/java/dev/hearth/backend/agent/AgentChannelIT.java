package dev.hearth.backend.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hearth.backend.cluster.ClusterKubeconfig;
import dev.hearth.backend.testing.Api;
import dev.hearth.harness.Kubeconfigs;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Heartbeat;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import dev.hearth.protocol.Usage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent channel end to end against the real backend, PostgreSQL and Keycloak: a real WebSocket
 * client speaks the protocol as a host's agent would, and the tests check what a user then sees
 * through the API.
 */
@QuarkusTest
class AgentChannelIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final long MIB = 1024L * 1024;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures fixtures;

    @Inject
    HostHeartbeatMonitor monitor;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

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
    void connectionsWithoutAValidHostTokenAreRefusedAndAudited() {
        EnrolledHost host = fixtures.enrol("refused");

        assertThatThrownBy(() -> ProtocolPeer.connect(base, null)).isInstanceOfSatisfying(ProtocolPeer.Refused.class,
                r -> assertThat(r.status).isEqualTo(401));
        assertThatThrownBy(() -> ProtocolPeer.connect(base, "Bearer hha_NotARealToken0000000000000000000000000"))
                .isInstanceOfSatisfying(ProtocolPeer.Refused.class, r -> assertThat(r.status).isEqualTo(401));
        fixtures.revoke(host.id());
        assertThatThrownBy(() -> ProtocolPeer.connect(base, host.bearer()))
                .isInstanceOfSatisfying(ProtocolPeer.Refused.class, r -> assertThat(r.status).isEqualTo(401));

        assertThat(fixtures.auditDetails("host.connect-refused"))
                .anyMatch(d -> d.startsWith("unknown no host token"))
                .anyMatch(d -> d.contains("unknown host token hha_NotA"))
                .anyMatch(d -> d.startsWith(host.id().toString()) && d.contains("was revoked"));
        assertThat(fixtures.hostStatus(host.id())).isEqualTo("PENDING");
    }

    @Test
    void anAgentClaimingAnotherHostIsClosed() {
        EnrolledHost host = fixtures.enrol("liar");
        ProtocolPeer agent = connect(host);

        agent.send(new Hello("someone-else", "test", new Capacity(2, 4096 * MIB, 10)));

        assertThat(agent.awaitClose(WAIT)).isEqualTo(1008);
        assertThat(fixtures.hostStatus(host.id())).isEqualTo("PENDING");
        assertThat(fixtures.auditDetails("host.connect-refused"))
                .anyMatch(d -> d.startsWith(host.id().toString()) && d.contains("'someone-else'"));
    }

    @Test
    void helloMakesTheHostOnlineAndItReceivesTheClusterScheduledOnIt() {
        String id = requestCluster("alice");
        Api.as("alice").get("/api/v1/clusters/" + id).then().body("phase", equalTo("REQUESTED"));
        EnrolledHost host = fixtures.enrol("one");

        ProtocolPeer agent = online(host, 8192, 20);

        DesiredCluster desired = only(agent.desiredWith(id, true, WAIT));
        assertThat(desired.generation()).isEqualTo(2);
        assertThat(desired.config().featureGates().krustlet()).isTrue();
        assertThat(desired.registryNamespace()).as("the owner's registry namespace, all the cluster may read of others' pushes")
                .isEqualTo(fixtures.registryNamespace("alice"));
        Response cluster = Api.as("alice").get("/api/v1/clusters/" + id);
        cluster.then().body("phase", equalTo("SCHEDULED")).body("host", equalTo(host.name()));
        Object[] row = fixtures.hostRow(host.id());
        assertThat(row[0]).isEqualTo(8192);
        assertThat(row[1]).isEqualTo(20);
        assertThat(row[2]).isEqualTo("test-agent/1.0");
        assertThat(fixtures.hostStatus(host.id())).isEqualTo("ONLINE");
    }

    @Test
    void everyReconnectGetsTheFullSetAtOnce() {
        // An agent says Hello the moment the socket opens; that first frame must never be lost, or the
        // agent would wait for a set that never comes.
        String id = requestCluster("bob");
        EnrolledHost host = fixtures.enrol("again");
        online(host, 8192, 20).desiredWith(id, true, WAIT);
        for (int i = 0; i < 25; i++) {
            ProtocolPeer agent = connect(host);
            agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192 * MIB, 20)));
            assertThat(only(agent.next(DesiredClusters.class, Duration.ofSeconds(5))).id()).isEqualTo(id);
            agent.close();
        }
    }

    @Test
    void observationsDriveThePhasesCredentialsAreStoredEncryptedAndServed() {
        String id = requestCluster("alice");
        EnrolledHost host = fixtures.enrol("obs");
        ProtocolPeer agent = online(host, 8192, 20);
        long generation = only(agent.desiredWith(id, true, WAIT)).generation();

        for (String step : List.of("Generating certificates", "Starting etcd", "Starting API server")) {
            agent.send(new ClusterObserved(id, generation, ObservedPhase.PROVISIONING, step, null, null));
        }
        // Re-sent after a reconnect: must not add a second event for the same step.
        agent.send(new ClusterObserved(id, generation, ObservedPhase.PROVISIONING, "Starting API server", null, null));
        Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").then().statusCode(409)
                .contentType("application/problem+json");

        String kubeconfig = Kubeconfigs.standalone("https://127.0.0.1:40123");
        agent.send(new Credentials(id, kubeconfig));
        agent.send(new ClusterObserved(id, generation, ObservedPhase.READY, null, "https://127.0.0.1:40123", null));
        awaitPhase("alice", id, "READY");

        Api.as("alice").get("/api/v1/clusters/" + id).then().body("apiEndpoint", equalTo("https://127.0.0.1:40123"));
        List<String> steps = Api.as("alice").get("/api/v1/clusters/" + id + "/events").then().extract().path("message");
        assertThat(steps).containsSubsequence("Scheduled on host " + host.name(), "Generating certificates",
                "Starting etcd", "Starting API server");
        assertThat(steps).filteredOn("Starting API server"::equals).hasSize(1);

        byte[] stored = fixtures.kubeconfigColumn(id);
        assertThat(stored).isNotNull();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("client-key-data", "apiVersion");
        Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").then().statusCode(200)
                .contentType(containsString("application/yaml"))
                .header("Content-Disposition", containsString("attachment"))
                .body(equalTo(ClusterKubeconfig.parse(kubeconfig).yaml("hearth-" + id)));
        Api.as("bob").get("/api/v1/clusters/" + id + "/kubeconfig").then().statusCode(404);

        // A report for a generation the backend has moved past changes nothing.
        agent.send(new ClusterObserved(id, generation - 1, ObservedPhase.FAILED, null, null, "stale"));
        agent.send(new Heartbeat(new Usage(1, 300 * MIB, 0.1)));
        Eventually.until("the heartbeat's usage recorded", WAIT, () -> Integer.valueOf(1).equals(fixtures.hostRow(host.id())[3]));
        // What the agent measured is what an admin reads of the host.
        Api.as("admin").get("/api/v1/hosts/" + host.id()).then().statusCode(200)
                .body("measured.memoryMib", equalTo(300)).body("measured.cpuMillis", equalTo(100));
        Api.as("alice").get("/api/v1/clusters/" + id).then().body("phase", equalTo("READY"));

        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202).body("phase", equalTo("DELETING"));
        agent.desiredWith(id, false, WAIT);
        agent.send(new ClusterObserved(id, generation, ObservedPhase.DELETED, null, null, null));
        awaitPhase("alice", id, "DELETED");
        assertThat(fixtures.kubeconfigColumn(id)).isNull();
    }

    @Test
    void aFailureIsShownWithItsReason() {
        String id = requestCluster("bob");
        EnrolledHost host = fixtures.enrol("fail");
        ProtocolPeer agent = online(host, 8192, 20);
        long generation = only(agent.desiredWith(id, true, WAIT)).generation();

        agent.send(new ClusterObserved(id, generation, ObservedPhase.FAILED, "Starting API server", null,
                "failed to start API server for cluster " + id + ": exited with 1"));

        awaitPhase("bob", id, "FAILED");
        Api.as("bob").get("/api/v1/clusters/" + id).then().body("message", containsString("exited with 1"));
    }

    @Test
    void silentHostBecomesUnreachableThenItsClustersAreLost(/* backdated heartbeats stand in for waiting 60 s */) {
        String ready = requestCluster("alice");
        EnrolledHost host = fixtures.enrol("silent");
        ProtocolPeer agent = online(host, 8192, 20);
        long generation = only(agent.desiredWith(ready, true, WAIT)).generation();
        agent.send(new ClusterObserved(ready, generation, ObservedPhase.READY, null, "https://127.0.0.1:40999", null));
        awaitPhase("alice", ready, "READY");

        // A fresh heartbeat keeps the host ONLINE.
        agent.send(new Heartbeat(new Usage(1, 0, 0)));
        Eventually.until("heartbeat recorded", WAIT, () -> Integer.valueOf(1).equals(fixtures.hostRow(host.id())[3]));
        assertThat(monitor.check().unreachableHosts()).doesNotContain(host.name());

        fixtures.backdateHeartbeat(host.id(), 25);
        assertThat(monitor.check().unreachableHosts()).containsExactly(host.name());
        assertThat(fixtures.hostStatus(host.id())).isEqualTo("UNREACHABLE");
        assertThat(agent.awaitClose(WAIT)).isEqualTo(4002);
        Api.as("alice").get("/api/v1/clusters/" + ready).then().body("phase", equalTo("READY"));
        assertThat(fixtures.auditDetails("host.unreachable")).anyMatch(d -> d.startsWith(host.id().toString()));

        fixtures.backdateHeartbeat(host.id(), 45);
        assertThat(monitor.check().lostClusters()).isEmpty();
        fixtures.backdateHeartbeat(host.id(), 61);
        assertThat(monitor.check().lostClusters()).containsExactly(ready);

        Api.as("alice").get("/api/v1/clusters/" + ready).then()
                .body("phase", equalTo("LOST"))
                .body("message", containsString("host " + host.name() + " has not answered since"));
        // Its host is gone: deleting it has nothing to wait for.
        Api.as("alice").delete("/api/v1/clusters/" + ready).then().statusCode(202).body("phase", equalTo("DELETED"));
    }

    @Test
    void deletingOnAnUnreachableHostWaitsForTheAgentToReturn() {
        String id = requestCluster("alice");
        EnrolledHost host = fixtures.enrol("away");
        ProtocolPeer agent = online(host, 8192, 20);
        long generation = only(agent.desiredWith(id, true, WAIT)).generation();
        agent.send(new ClusterObserved(id, generation, ObservedPhase.READY, null, "https://127.0.0.1:40998", null));
        awaitPhase("alice", id, "READY");
        fixtures.backdateHeartbeat(host.id(), 25);
        monitor.check();
        agent.awaitClose(WAIT);

        Api.as("alice").delete("/api/v1/clusters/" + id).then().statusCode(202).body("phase", equalTo("DELETING"));

        ProtocolPeer back = connect(host);
        back.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192 * MIB, 20)));
        DesiredClusters full = back.next(DesiredClusters.class, WAIT);
        assertThat(full.clusters()).extracting(DesiredCluster::id).doesNotContain(id);
        assertThat(fixtures.hostStatus(host.id())).isEqualTo("ONLINE");
        back.send(new ClusterObserved(id, generation, ObservedPhase.DELETED, null, null, null));
        awaitPhase("alice", id, "DELETED");
    }

    @Test
    void aNotifyFromAnotherConnectionMakesTheHubResendTheSet() throws Exception {
        String id = requestCluster("alice");
        EnrolledHost host = fixtures.enrol("notify");
        ProtocolPeer agent = online(host, 8192, 20);
        long generation = only(agent.desiredWith(id, true, WAIT)).generation();

        // What another backend replica does when it changes this host's set: its own connection,
        // its own transaction, the change and the NOTIFY committed together.
        try (var sql = DriverManager.getConnection(jdbcUrl, "hearth", "hearth")) {
            sql.setAutoCommit(false);
            try (var update = sql.prepareStatement("UPDATE cluster SET generation = generation + 1 WHERE id = ?");
                    var notify = sql.prepareStatement("SELECT pg_notify('hearth_host_desired', ?)")) {
                update.setString(1, id);
                update.executeUpdate();
                notify.setString(1, host.id().toString());
                notify.executeQuery();
            }
            sql.commit();
        }

        DesiredClusters resent = agent.next(DesiredClusters.class,
                d -> d.clusters().stream().anyMatch(c -> c.id().equals(id) && c.generation() == generation + 1), WAIT);
        assertThat(resent.clusters()).hasSize(1);
    }

    private ProtocolPeer connect(EnrolledHost host) {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        peers.add(peer);
        return peer;
    }

    /** Connects as the host's agent and says Hello; returns once the backend answered with the full set. */
    private ProtocolPeer online(EnrolledHost host, int memoryMib, int maxClusters) {
        ProtocolPeer peer = connect(host);
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, memoryMib * MIB, maxClusters)));
        peer.next(DesiredClusters.class, WAIT);
        return peer;
    }

    static String requestCluster(String user) {
        return Api.as(user).body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
    }

    static void awaitPhase(String user, String id, String phase) {
        Eventually.until("cluster " + id + " to be " + phase, WAIT,
                () -> phase.equals(Api.as(user).get("/api/v1/clusters/" + id).path("phase")));
    }

    private static DesiredCluster only(DesiredClusters set) {
        assertThat(set.clusters()).hasSize(1);
        return set.clusters().getFirst();
    }
}
