package dev.hearth.backend.agent;

import static dev.hearth.backend.agent.AgentChannelIT.WAIT;
import static dev.hearth.backend.agent.AgentChannelIT.awaitPhase;
import static dev.hearth.backend.agent.AgentChannelIT.requestCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.hearth.backend.cluster.ClusterInspection;
import dev.hearth.backend.cluster.ClusterInspector;
import dev.hearth.backend.cluster.ClusterKubeconfig;
import dev.hearth.backend.logs.ChunkIntake;
import dev.hearth.backend.logs.LogLine;
import dev.hearth.backend.logs.LogStreams;
import dev.hearth.backend.testing.Api;
import dev.hearth.harness.Kubeconfigs;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostileKubeconfigs;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile host's agent (docs/security.md, "Worker agents and hosts"): it holds a valid host token and
 * speaks the protocol over the real WebSocket, but lies — an exec plugin or a foreign server in the
 * credentials, a capacity beyond its enrolment, log lines for streams of other hosts. Each lie must
 * get nowhere: nothing runs in the backend, nothing is served to the participant, the scheduler and the
 * other hosts' logs are untouched.
 */
@QuarkusTest
class HostileAgentIT {

    private static final long MIB = 1024L * 1024;
    private static final String HONEST_SERVER = "https://127.0.0.1:40123";

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures fixtures;

    @Inject
    ClusterInspector inspector;

    @Inject
    ChunkIntake intake;

    @Inject
    LogStreams logs;

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
    void credentialsWithAnExecPluginAreRefusedAndNothingRuns(@TempDir Path dir) {
        Path marker = dir.resolve("exec-plugin-ran");
        String id = requestCluster("alice");
        ProtocolPeer agent = online(fixtures.enrol("exec"), 8192, 20);
        long generation = agent.desiredWith(id, true, WAIT).clusters().getFirst().generation();

        String honest = Kubeconfigs.standalone(HONEST_SERVER);
        String exec = HostileKubeconfigs.exec(honest, marker);
        agent.send(new Credentials(id, exec));
        agent.send(new ClusterObserved(id, generation, ObservedPhase.READY, null, HONEST_SERVER, null));
        awaitPhase("alice", id, "READY");

        Eventually.until("the refusal to be audited", WAIT, () -> fixtures.auditDetails("host.report-refused").stream()
                .anyMatch(d -> d.startsWith(id + " credentials refused") && d.contains("may not hold 'exec'")));
        // Nothing stored, so nothing to download.
        Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").then().statusCode(409);
        // A kubeconfig stored before credentials were checked is never run either: clients are built from
        // its server, CA and client certificate only, and one holding more is refused.
        ClusterInspection inspection = inspector.inspectWith(exec);
        assertThat(inspection.answered()).isFalse();
        assertThat(inspection.problem()).contains("may not hold 'exec'");
        assertThat(marker).doesNotExist();

        // The honest credentials are stored, rebuilt from server, CA and client certificate and key.
        agent.send(new Credentials(id, honest));
        Eventually.until("the honest kubeconfig to be served", WAIT,
                () -> Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").statusCode() == 200);
        String served = Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").asString();
        assertThat(served).doesNotContain("exec", "command", "token").contains(HONEST_SERVER)
                .isEqualTo(ClusterKubeconfig.parse(honest).yaml("hearth-" + id));
        assertThat(marker).doesNotExist();
    }

    @Test
    void aServerAwayFromTheHostIsRefusedForDownloadAndDisplay() {
        String id = requestCluster("alice");
        ProtocolPeer agent = online(fixtures.enrol("foreign"), 8192, 20);
        long generation = agent.desiredWith(id, true, WAIT).clusters().getFirst().generation();

        // TEST-NET-1: never contacted; the agent connects from loopback, so only a loopback server is its own.
        String foreign = "https://192.0.2.10:6443";
        agent.send(new Credentials(id, Kubeconfigs.standalone(foreign)));
        agent.send(new ClusterObserved(id, generation, ObservedPhase.READY, null, foreign, null));
        awaitPhase("alice", id, "READY");

        Eventually.until("both refusals to be audited", WAIT, () -> fixtures.auditDetails("host.report-refused").stream()
                .filter(d -> d.startsWith(id) && d.contains("192.0.2.10")).count() == 2);
        Api.as("alice").get("/api/v1/clusters/" + id + "/kubeconfig").then().statusCode(409);
        Api.as("alice").get("/api/v1/clusters/" + id).then().body("apiEndpoint", nullValue());
    }

    @Test
    void aHelloClaimingMoreThanTheEnrolmentIsCappedAndAudited() {
        EnrolledHost host = fixtures.enrol("greedy"); // enrolled with the defaults: 24576 MiB, 2000 millicores, 50 clusters
        ProtocolPeer agent = connect(host);
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(512, 4L * 1024 * 1024 * MIB, 100_000)));
        agent.next(DesiredClusters.class, WAIT);

        hostCapacity(host).body("capacity.memoryMib", equalTo(24576)).body("capacity.cpuMillis", equalTo(2000))
                .body("capacity.maxClusters", equalTo(50));
        assertThat(fixtures.auditDetails("host.report-refused"))
                .anyMatch(d -> d.startsWith(host.id() + " capacity claimed beyond the enrolment"));

        // Less than enrolled is believed: the host may really have less.
        agent.close();
        ProtocolPeer again = connect(host);
        again.send(new Hello(host.name(), "test-agent/1.0", new Capacity(1, 4096 * MIB, 5)));
        again.next(DesiredClusters.class, WAIT);
        hostCapacity(host).body("capacity.memoryMib", equalTo(4096)).body("capacity.cpuMillis", equalTo(1000))
                .body("capacity.maxClusters", equalTo(5));
    }

    @Test
    void logChunksForStreamsOfAnotherHostAreDroppedAndCounted() {
        String id = requestCluster("alice");
        ProtocolPeer owner = online(fixtures.enrol("owner"), 8192, 20);
        owner.desiredWith(id, true, WAIT);
        ProtocolPeer intruder = online(fixtures.enrol("intruder"), 8192, 20);
        String victim = "pod/" + id + "/" + UUID.randomUUID() + "/app";
        String madeUp = "build/" + UUID.randomUUID();
        double before = intake.foreignChunks();

        intruder.send(new LogChunk(victim, 0, List.of("forged by another host")));
        intruder.send(new LogChunk(madeUp, 0, List.of("a stream nobody asked for")));
        Eventually.until("the intruder's two chunks to be dropped", WAIT, () -> intake.foreignChunks() >= before + 2);
        // A name of no stream kind does not even decode (LogStreamId): a protocol error, the connection closed.
        intruder.sendText("""
                {"apiVersion":"hearth.agent/v1","type":"LogChunk","stream":"../../etc/passwd","seq":0,"lines":["not a stream name at all"]}""");
        assertThat(intruder.awaitClose(WAIT)).isEqualTo(1002);

        owner.send(new LogChunk(victim, 0, List.of("from the pod itself")));
        Eventually.until("the owner's line to be stored", WAIT, () -> !logs.read(victim, -1, 10).isEmpty());
        assertThat(logs.read(victim, -1, 10)).extracting(LogLine::text).containsExactly("from the pod itself");
        assertThat(logs.read(madeUp, -1, 10)).isEmpty();
        assertThat(logs.nextSeq(madeUp)).isZero();
    }

    private static io.restassured.response.ValidatableResponse hostCapacity(EnrolledHost host) {
        return Api.as("admin").get("/api/v1/hosts").then().statusCode(200)
                .rootPath("find { it.name == '" + host.name() + "' }");
    }

    private ProtocolPeer connect(EnrolledHost host) {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        peers.add(peer);
        return peer;
    }

    private ProtocolPeer online(EnrolledHost host, int memoryMib, int maxClusters) {
        ProtocolPeer peer = connect(host);
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, memoryMib * MIB, maxClusters)));
        peer.next(DesiredClusters.class, WAIT);
        return peer;
    }
}
