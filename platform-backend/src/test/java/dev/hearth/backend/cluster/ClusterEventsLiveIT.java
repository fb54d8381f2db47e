package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.OtherReplica;
import dev.hearth.backend.testing.Keycloak;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.backend.testing.SseClient;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.ObservedPhase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster events live over NOTIFY (issue 5 item 2a): a new event reaches an SSE client well before
 * any safety poll would have read it, a reconnect with Last-Event-ID resumes without loss or repeat,
 * and a follower on another "replica" (its own listening connection) is woken too.
 */
@QuarkusTest
class ClusterEventsLiveIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** Well under the 10 s safety poll: only a notification gets an event there this fast. */
    static final Duration PROMPTLY = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    @Inject
    OtherReplica otherReplica;

    private final List<AutoCloseable> open = new ArrayList<>();
    private ProtocolPeer agent;
    private String clusterId;
    private long generation;

    @BeforeEach
    void scheduledCluster() {
        hosts.removeTestHosts();
        fixtures.forget("alice");
        clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        agent = ProtocolPeer.online(base, hosts.enrol("events"), WAIT);
        open.add(agent);
        generation = agent.desiredWith(clusterId, true, WAIT).clusters().getFirst().generation();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        hosts.removeTestHosts();
        fixtures.forget("alice");
    }

    @Test
    void aNewEventArrivesPromptlyAndAReconnectResumesAfterLastEventId() {
        String last = lastEventId();
        SseClient browser = sse(last);

        agent.send(step("Starting etcd"));
        long started = System.nanoTime();
        SseClient.Event etcd = browser.next(PROMPTLY);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPTLY);
        assertThat(etcd.name()).isEqualTo("cluster-event");
        assertThat(etcd.data()).contains("Starting etcd");
        browser.close();

        agent.send(step("Starting API server"));
        Eventually.until("the step is recorded", WAIT, () -> !lastEventId().equals(etcd.id()));
        SseClient again = sse(etcd.id());
        SseClient.Event api = again.next(PROMPTLY);
        assertThat(api.data()).contains("Starting API server");
        assertThat(Long.parseLong(api.id())).isGreaterThan(Long.parseLong(etcd.id()));
    }

    @Test
    void aFollowerOnAnotherReplicaIsWokenByTheNotification() {
        ClusterEventNotifications otherNotifications = new ClusterEventNotifications(em);
        open.add(otherReplica.listen("test-replica", otherNotifications));
        ClusterEventStream other = new ClusterEventStream(otherNotifications);
        long after = Long.parseLong(lastEventId());
        AssertSubscriber<ClusterEventView> follower = other.follow(clusterId, after).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        open.add(follower::cancel);

        agent.send(step("Generating certificates"));

        follower.awaitItems(1, PROMPTLY);
        assertThat(follower.getItems().getFirst().message()).isEqualTo("Generating certificates");
    }

    private ClusterObserved step(String step) {
        return new ClusterObserved(clusterId, generation, ObservedPhase.PROVISIONING, step, null, null);
    }

    private String lastEventId() {
        List<Integer> ids = Api.as("alice").get("/api/v1/clusters/" + clusterId + "/events").then().extract().path("id");
        return ids.getLast().toString();
    }

    private SseClient sse(String lastEventId) {
        SseClient client = SseClient.open(URI.create(base.toString().replaceAll("/$", "") + "/api/v1/clusters/" + clusterId + "/events"),
                Keycloak.bearer("alice"), lastEventId);
        open.add(client);
        return client;
    }
}
