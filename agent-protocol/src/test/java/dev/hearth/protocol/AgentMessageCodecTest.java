package dev.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentMessageCodecTest {

    private final AgentMessageCodec codec = new AgentMessageCodec();

    /** One fully populated sample of every message, so each field crosses the wire at least once. */
    static Stream<AgentMessage> everyMessage() {
        return Stream.of(
                new Hello("host-a", "0.1.0", new Capacity(16, 64L << 30, 50)),
                new Heartbeat(new Usage(3, 900L << 20, 1.25)),
                new DesiredClusters(List.of(
                        new DesiredCluster("c-42", "alice", ClusterConfig.DEFAULTS, 7, "alice"),
                        new DesiredCluster("c-43", "bob", new ClusterConfig(new FeatureGates(false, true),
                                Map.of("docker.io", "https://mirror.example", "ghcr.io", "https://ghcr.example")), 1,
                                "bob-2"),
                        new DesiredCluster("c-44", "carol", new ClusterConfig(FeatureGates.DEFAULTS, Map.of(),
                                "{\"nodeAffinity\":{}}"), 1, "carol"))),
                new ClusterObserved("c-42", 7, ObservedPhase.PROVISIONING, "Starting API server",
                        "https://127.0.0.1:34567", "waiting for /readyz"),
                new LogChunk(new LogStreamId.Build("b-1"), 40, List.of("Compiling hello v0.1.0", "  Finished release"), true),
                new LogFollow(new LogStreamId.Pod("c-42", "0b5e-uid", "hello"), "default", "hello-wasi", 12),
                new LogStop(new LogStreamId.Pod("c-42", "0b5e-uid", "hello")),
                new BuildRequest("b-1", "c-42", BuildLanguage.RUST, "fn main() {}",
                        "hearth-registry:5000/alice/hello:1"),
                new BuildResult("b-1", BuildStatus.SUCCEEDED, "hearth-registry:5000/alice/hello:1",
                        "sha256:0123abcd", "built in 4.2 s"),
                new Credentials("c-42", "apiVersion: v1\nkind: Config\n"),
                new TunnelOpen("t-1", "c-42", new TunnelTarget.Exec("toolbox", List.of("bash", "-l"), 120, 40,
                        "term-c-42", true), 65536),
                new TunnelData("t-1", 7, "kubectl get nodes\r".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new TunnelAck("t-1", 16384),
                new TunnelResize("t-1", 200, 50),
                new TunnelClose("t-1", "the shell exited", true));
    }

    @ParameterizedTest
    @MethodSource("everyMessage")
    void everyMessageSurvivesARoundTrip(AgentMessage message) {
        String json = codec.encode(message);

        assertThat(codec.decode(json)).isEqualTo(message);
        assertThat(json).startsWith("{\"apiVersion\":\"hearth.agent/v1\",\"type\":\""
                + message.getClass().getSimpleName() + "\"");
    }

    @Test
    void anHttpTargetCrossesTheWireAndNeedsExactlyOneOfServiceAndPod() {
        var open = new TunnelOpen("t-2", "c-42", new TunnelTarget.Http("default", "hello", null, 8080), 0);

        assertThat(codec.decode(codec.encode(open))).isEqualTo(open);
        assertThat(open.window()).isEqualTo(TunnelOpen.DEFAULT_WINDOW);
        assertThatThrownBy(() -> codec.decode("""
                {"apiVersion":"hearth.agent/v1","type":"TunnelOpen","tunnelId":"t","clusterId":"c",
                 "target":{"kind":"Http","namespace":"default","service":"a","pod":"b","port":80}}"""))
                .hasMessageContaining("exactly one of service and pod");
    }

    @Test
    void anHttpTargetNamesAServicePortByNameOrNumberNeverBoth() {
        var open = new TunnelOpen("t-3", "c-42", TunnelTarget.Http.servicePort("default", "web", "http"), 0);

        assertThat(codec.decode(codec.encode(open))).isEqualTo(open);
        assertThatThrownBy(() -> new TunnelTarget.Http("default", "web", null, 80, "http"))
                .hasMessageContaining("exactly one of port and portName");
        assertThatThrownBy(() -> new TunnelTarget.Http("default", null, "web-0", 0, "http"))
                .hasMessageContaining("a pod needs target.port");
    }

    @Test
    void tunnelBytesAreBase64OnTheWireAndNeverPrinted() {
        var data = new TunnelData("t-1", 0, "secret\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(codec.encode(data)).contains("\"bytes\":\"c2VjcmV0DQ==\"");
        assertThat(data.toString()).doesNotContain("secret").contains("7 bytes");
        assertThatThrownBy(() -> new TunnelData("t-1", 0, new byte[TunnelData.MAX_BYTES + 1]))
                .hasMessageContaining("at most 4096");
    }

    @Test
    void theLargestTunnelFrameFitsOnePostgresNotification() {
        // Frames between backend replicas go through NOTIFY, whose payload must stay under 8000 bytes.
        String json = codec.encode(new TunnelData("t-" + java.util.UUID.randomUUID(), Long.MAX_VALUE,
                new byte[TunnelData.MAX_BYTES]));
        assertThat(json.length() + 60).isLessThan(8000);
    }

    @Test
    void theSamplesCoverEveryPermittedMessage() {
        // A message added to the sealed interface without a sample above would cross the wire untested.
        assertThat(everyMessage().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(AgentMessage.class.getPermittedSubclasses());
        assertThat(codec.knownTypes()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(AgentMessage.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
    }

    @Test
    void readsTheDocumentedWireForm() {
        // Pinned text: a backend and an agent of different builds must agree on this exact shape.
        AgentMessage message = codec.decode("""
        {"apiVersion":"hearth.agent/v1","type":"DesiredClusters","clusters":[
          {"id":"c-1","name":"alice","generation":3,"registryNamespace":"alice",
           "config":{"featureGates":{"Krustlet":false},"registryMirrors":{"docker.io":"https://m"}}}]}
        """);

        assertThat(message).isEqualTo(new DesiredClusters(List.of(new DesiredCluster("c-1", "alice",
                new ClusterConfig(new FeatureGates(true, false), Map.of("docker.io", "https://m")), 3, "alice"))));
    }

    @Test
    void anAbsentFeatureGateIsOnAndAnAbsentConfigIsTheDefault() {
        DesiredClusters message = (DesiredClusters) codec.decode("""
        {"apiVersion":"hearth.agent/v1","type":"DesiredClusters","clusters":[
          {"id":"c-1","generation":1},
          {"id":"c-2","generation":1,"config":{"featureGates":{}}}]}
        """);

        assertThat(message.clusters()).extracting(DesiredCluster::config)
                .containsOnly(ClusterConfig.DEFAULTS);
        assertThat(message.clusters().get(0).name()).as("name defaults to the id").isEqualTo("c-1");
    }

    @Test
    void aDefaultKubeProxyAffinityIsLeftOffTheWireAndAnAbsentOneIsTheDefault() {
        // An agent older than the field reads every desired set whose clusters keep the default.
        String json = codec.encode(new DesiredClusters(List.of(new DesiredCluster("c-1", "a", ClusterConfig.DEFAULTS, 1))));
        assertThat(json).doesNotContain("kubeProxyAffinity");

        DesiredClusters decoded = (DesiredClusters) codec.decode(json);
        assertThat(decoded.clusters().getFirst().config().kubeProxyAffinity()).isNull();
    }

    @Test
    void theRegistryNamespaceIsOptionalBothWays() {
        // An older backend sends no namespace: the cluster is still desired, and sees shared content only.
        DesiredClusters fromOlderBackend = (DesiredClusters) codec.decode("""
        {"apiVersion":"hearth.agent/v1","type":"DesiredClusters","clusters":[{"id":"c-1","generation":1}]}
        """);
        assertThat(fromOlderBackend.clusters().get(0).registryNamespace()).isNull();

        // An older agent ignores the field it does not know (FAIL_ON_UNKNOWN_PROPERTIES is off, see
        // toleratesFieldsFromANewerPeer), and a cluster without a namespace leaves it off the wire.
        String json = codec.encode(new DesiredClusters(List.of(
                new DesiredCluster("c-1", "a", ClusterConfig.DEFAULTS, 1, "alice"),
                new DesiredCluster("c-2", "b", ClusterConfig.DEFAULTS, 1))));
        assertThat(json).contains("\"id\":\"c-1\",\"name\":\"a\"").contains("\"registryNamespace\":\"alice\"")
                .containsOnlyOnce("registryNamespace");
    }

    @Test
    void toleratesFieldsFromANewerPeer() {
        AgentMessage message = codec.decode("""
        {"apiVersion":"hearth.agent/v1","type":"Hello","hostId":"host-a","version":"9.9",
         "capacity":{"cpus":4,"memoryBytes":1024,"maxClusters":2,"gpus":1},
         "region":"eu-west","labels":{"rack":"3"}}
        """);

        assertThat(message).isEqualTo(new Hello("host-a", "9.9", new Capacity(4, 1024, 2)));
    }

    @Test
    void rejectsAnUnknownTypeNamingIt() {
        assertThatThrownBy(() -> codec.decode(
                        "{\"apiVersion\":\"hearth.agent/v1\",\"type\":\"Teleport\",\"to\":\"mars\"}"))
                .isInstanceOf(UnknownMessageTypeException.class)
                .hasMessageContaining("'Teleport'")
                .hasMessageContaining("Hello")
                .satisfies(e -> assertThat(((UnknownMessageTypeException) e).type()).isEqualTo("Teleport"));
    }

    @Test
    void rejectsANewerMajorVersionSayingWhichSideToUpgrade() {
        assertThatThrownBy(() -> codec.decode(
                        "{\"apiVersion\":\"hearth.agent/v2\",\"type\":\"Heartbeat\",\"usage\":{}}"))
                .isInstanceOf(UnsupportedProtocolVersionException.class)
                .hasMessage("agent message uses protocol hearth.agent/v2 but this side speaks hearth.agent/v1;"
                        + " upgrade this side");
    }

    @Test
    void rejectsMessagesWithoutAVersionOrAType() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"Heartbeat\",\"usage\":{}}"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessage("agent message has no apiVersion; expected hearth.agent/v1");
        assertThatThrownBy(() -> codec.decode("{\"apiVersion\":\"kubernetes/v1\",\"type\":\"Heartbeat\"}"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("invalid apiVersion 'kubernetes/v1'");
        assertThatThrownBy(() -> codec.decode("{\"apiVersion\":\"hearth.agent/v1\",\"usage\":{}}"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageStartingWith("agent message has no type; expected one of: Hello, Heartbeat");
    }

    @Test
    void rejectsMalformedInputReadably() {
        assertThatThrownBy(() -> codec.decode("{\"apiVersion\":"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageStartingWith("agent message is not valid JSON");
        assertThatThrownBy(() -> codec.decode("[1,2]"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessage("agent message must be a JSON object, got array");
        assertThatThrownBy(() -> codec.decode(""))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessage("agent message must be a JSON object, got nothing");
    }

    @Test
    void namesTheMissingOrInvalidFieldOfAKnownMessage() {
        assertThatThrownBy(() -> codec.decode(
                        "{\"apiVersion\":\"hearth.agent/v1\",\"type\":\"Hello\",\"version\":\"1\",\"capacity\":{}}"))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessage("invalid Hello message: hostId is required");
        assertThatThrownBy(() -> codec.decode("""
            {"apiVersion":"hearth.agent/v1","type":"ClusterObserved","id":"c-1","phase":"DREAMING"}
            """))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageStartingWith("invalid ClusterObserved message:")
                .hasMessageContaining("DREAMING");
    }

    @Test
    void logMessagesKeepTheStreamNameAsTheirWireForm() {
        // Pinned text: agents and backends before the typed stream id send and expect exactly this.
        String follow = """
            {"apiVersion":"hearth.agent/v1","type":"LogFollow","stream":"pod/c-42/0b5e-uid/hello","clusterId":"c-42",\
            "namespace":"default","pod":"hello-wasi","podUid":"0b5e-uid","container":"hello","fromSeq":12}""";
        String chunk = """
            {"apiVersion":"hearth.agent/v1","type":"LogChunk","stream":"build/b-1","seq":3,"lines":["a"],"end":false}""";
        String stop = """
            {"apiVersion":"hearth.agent/v1","type":"LogStop","stream":"pod/c-42/0b5e-uid/hello"}""";
        LogStreamId.Pod pod = new LogStreamId.Pod("c-42", "0b5e-uid", "hello");

        assertThat(codec.decode(follow)).isEqualTo(new LogFollow(pod, "default", "hello-wasi", 12));
        assertThat(codec.encode(new LogFollow(pod, "default", "hello-wasi", 12))).isEqualTo(follow);
        assertThat(codec.decode(chunk)).isEqualTo(new LogChunk(new LogStreamId.Build("b-1"), 3, List.of("a")));
        assertThat(codec.encode(new LogChunk(new LogStreamId.Build("b-1"), 3, List.of("a")))).isEqualTo(chunk);
        assertThat(codec.decode(stop)).isEqualTo(new LogStop(pod));
        assertThat(codec.encode(new LogStop(pod))).isEqualTo(stop);
    }

    @Test
    void refusesALogMessageWhoseStreamIsNoKnownKindNamingIt() {
        assertThatThrownBy(() -> codec.decode("""
            {"apiVersion":"hearth.agent/v1","type":"LogChunk","stream":"../../etc/passwd","seq":0,"lines":["x"]}"""))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageStartingWith("invalid LogChunk message: stream '../../etc/passwd' is not a log stream name");
        assertThatThrownBy(() -> codec.decode("""
            {"apiVersion":"hearth.agent/v1","type":"LogFollow","stream":"build/b-1","clusterId":"c-42",\
            "namespace":"default","pod":"p","podUid":"u","container":"k","fromSeq":0}"""))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessage("invalid LogFollow message: stream 'build/b-1' is not a pod stream");
        assertThatThrownBy(() -> codec.decode("""
            {"apiVersion":"hearth.agent/v1","type":"LogFollow","stream":"pod/c-42/u/k","clusterId":"c-43",\
            "namespace":"default","pod":"p","podUid":"u","container":"k","fromSeq":0}"""))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("must be those of stream pod/c-42/u/k");
    }

    @Test
    void credentialsNeverPrintTheirKubeconfig() {
        Credentials credentials = new Credentials("c-42", "client-key-data: SECRET");

        assertThat(credentials.toString()).doesNotContain("SECRET").contains("c-42");
    }

    @Test
    void leavesAbsentOptionalFieldsOffTheWire() {
        String json = codec.encode(new ClusterObserved("c-1", 2, ObservedPhase.READY, null, null, null));

        assertThat(json).isEqualTo(
                "{\"apiVersion\":\"hearth.agent/v1\",\"type\":\"ClusterObserved\",\"id\":\"c-1\",\"generation\":2,"
                        + "\"phase\":\"READY\"}");
    }
}
