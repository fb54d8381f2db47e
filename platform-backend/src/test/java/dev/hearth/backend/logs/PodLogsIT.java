package dev.hearth.backend.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.Keycloak;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.backend.testing.SseClient;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStop;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pod logs end to end against the real backend, PostgreSQL, Keycloak and a real kube-apiserver
 * holding the pods: the API asks the cluster's agent (a protocol peer on the real channel, answering
 * as the worker agent would) to follow the container, streams its lines as server-sent events over
 * HTTP, resumes after Last-Event-ID, re-asks a reconnecting agent, and keeps other users out.
 */
@QuarkusTest
class PodLogsIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    LogStreams logs;

    private final List<AutoCloseable> open = new ArrayList<>();
    private EnrolledHost host;
    private ProtocolPeer agent;
    private String clusterId;

    @BeforeAll
    static void startApiServer() {
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.serviceAccounts().inNamespace("default")
                    .resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build()).createOr(c -> c.update());
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("hello").endMetadata()
                    .withNewSpec().addNewContainer().withName("main").withImage("hearth-registry:5000/alice/hello:1").endContainer()
                    .withAutomountServiceAccountToken(false).endSpec().build()).create();
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("two").endMetadata()
                    .withNewSpec().addNewContainer().withName("a").withImage("x:1").endContainer()
                    .addNewContainer().withName("b").withImage("x:1").endContainer()
                    .withAutomountServiceAccountToken(false).endSpec().build()).create();
        }
    }

    @AfterAll
    static void stopApiServer() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @BeforeEach
    void readyCluster() {
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob");
        clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        host = hosts.enrol("podlogs");
        agent = online();
        long generation = agent.desiredWith(clusterId, true, WAIT).clusters().getFirst().generation();
        agent.send(new Credentials(clusterId, apiServer.adminKubeconfig()));
        agent.send(new ClusterObserved(clusterId, generation, ObservedPhase.READY, null, apiServer.server(), null));
        Eventually.until("alice's cluster is READY", WAIT,
                () -> "READY".equals(Api.as("alice").get("/api/v1/clusters/" + clusterId).path("phase")));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob");
    }

    @Test
    void followingStreamsTheAgentsLinesAndAReconnectResumesAfterLastEventId() {
        SseClient browser = sse("alice", "/pods/default/hello/logs?follow=true", null);
        LogFollow follow = agent.next(LogFollow.class, WAIT);
        assertThat(follow.pod()).isEqualTo("hello");
        assertThat(follow.container()).isEqualTo("main");
        assertThat(follow.fromSeq()).isZero();
        assertThat(follow.stream().clusterId()).isEqualTo(clusterId);
        assertThat(follow.stream().name()).isEqualTo("pod/" + clusterId + "/" + follow.podUid() + "/main");

        agent.send(new LogChunk(follow.stream(), 0, List.of("Hello, world!", "HEARTH_GREETING=hi")));
        assertThat(browser.next(WAIT)).isEqualTo(new SseClient.Event("0", "line", "Hello, world!"));
        assertThat(browser.next(WAIT)).isEqualTo(new SseClient.Event("1", "line", "HEARTH_GREETING=hi"));
        browser.close();

        SseClient again = sse("alice", "/pods/default/hello/logs", "1");
        assertThat(agent.next(LogFollow.class, WAIT).fromSeq()).as("asked again from the first line not stored").isEqualTo(2);
        agent.send(new LogChunk(follow.stream(), 2, List.of("bye"), true));
        assertThat(again.next(WAIT)).isEqualTo(new SseClient.Event("2", "line", "bye"));
        SseClient.Event end = again.next(WAIT);
        assertThat(end.name()).isEqualTo("end");
        assertThat(io.restassured.RestAssured.given().header("Authorization", Keycloak.bearer("admin")).get("/q/metrics")
                .then().statusCode(200).extract().asString())
                .contains("hearth_log_followers");
    }

    @Test
    void theStoredLinesDownloadAsAFile() {
        SseClient browser = sse("alice", "/pods/default/hello/logs?follow=true", null);
        LogFollow follow = agent.next(LogFollow.class, WAIT);
        agent.send(new LogChunk(follow.stream(), 0, List.of("one", "two")));
        browser.next(WAIT);
        browser.next(WAIT);

        Api.as("alice").accept("text/plain").get("/api/v1/clusters/" + clusterId + "/pods/default/hello/logs")
                .then().statusCode(200)
                .header("Content-Disposition", containsString("attachment; filename=\"hello-main.log\""))
                .body(equalTo("one\ntwo\n"));

        // A browser that goes away leaves no follower behind on the replica.
        assertThat(logs.followerCount()).isPositive();
        browser.close();
        Eventually.until("the closed connection's follower is gone", WAIT, () -> logs.followerCount() == 0);
    }

    @Test
    void anotherUsersClusterIsNotFound() {
        Api.as("bob").accept("text/event-stream").get("/api/v1/clusters/" + clusterId + "/pods/default/hello/logs")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("cluster '" + clusterId + "' does not exist"));
        Api.as("bob").accept("text/plain").get("/api/v1/clusters/" + clusterId + "/pods/default/hello/logs")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownPodOrContainerIsNotFoundAndNamed() {
        Api.as("alice").accept("text/event-stream").get("/api/v1/clusters/" + clusterId + "/pods/default/nope/logs")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("pod 'default/nope' does not exist"));
        Api.as("alice").accept("text/plain").get("/api/v1/clusters/" + clusterId + "/pods/default/two/logs?container=c")
                .then().statusCode(404).body("detail", equalTo("container 'two/c' does not exist"));
        Api.as("alice").accept("text/plain").get("/api/v1/clusters/" + clusterId + "/pods/default/two/logs")
                .then().statusCode(400).body("detail", containsString("name one of a, b"));
        Api.as("alice").accept("text/plain").get("/api/v1/clusters/" + clusterId + "/pods/default/two/logs?container=b")
                .then().statusCode(200);
        assertThat(agent.next(LogFollow.class, WAIT).container()).isEqualTo("b");
    }

    @Test
    void aReconnectingAgentIsAskedAgainForOpenStreams() {
        SseClient browser = sse("alice", "/pods/default/hello/logs?follow=true", null);
        LogFollow follow = agent.next(LogFollow.class, WAIT);
        agent.send(new LogChunk(follow.stream(), 0, List.of("before the restart")));
        assertThat(browser.next(WAIT).data()).isEqualTo("before the restart");

        agent.close();
        agent = online();

        LogFollow again = agent.next(LogFollow.class, f -> f.stream().equals(follow.stream()), WAIT);
        assertThat(again.fromSeq()).isEqualTo(1);
        agent.send(new LogChunk(follow.stream(), 1, List.of("after the restart")));
        assertThat(browser.next(WAIT)).isEqualTo(new SseClient.Event("1", "line", "after the restart"));
    }

    @Test
    void deletingTheClusterStopsItsLogsAndEndsTheStream() {
        SseClient browser = sse("alice", "/pods/default/hello/logs?follow=true", null);
        LogFollow follow = agent.next(LogFollow.class, WAIT);

        Api.as("alice").delete("/api/v1/clusters/" + clusterId).then().statusCode(202);

        assertThat(agent.next(LogStop.class, WAIT).stream()).isEqualTo(follow.stream());
        assertThat(browser.next(WAIT).data()).contains("cluster deleted");
        assertThat(browser.next(WAIT).name()).isEqualTo("end");
    }

    private ProtocolPeer online() {
        ProtocolPeer peer = ProtocolPeer.connect(base, host.bearer());
        open.add(peer);
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L * 1024 * 1024, 20)));
        peer.next(DesiredClusters.class, WAIT);
        return peer;
    }

    private SseClient sse(String user, String path, String lastEventId) {
        SseClient client = SseClient.open(URI.create(base.toString().replaceAll("/$", "") + "/api/v1/clusters/" + clusterId + path),
                Keycloak.bearer(user), lastEventId);
        open.add(client);
        return client;
    }
}
