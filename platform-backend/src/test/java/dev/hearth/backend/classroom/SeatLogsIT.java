package dev.hearth.backend.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.PortalSession;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.backend.testing.SseClient;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The classroom board's seat log: irene, running the class, follows the demo pod alice ran on her
 * seat's cluster (a real kube-apiserver holds it; the seat's host agent is a protocol peer on the
 * real channel); alice herself and bob get a not-found, as for any classroom that is not theirs.
 */
@QuarkusTest
class SeatLogsIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static ControlPlane apiServer;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    ProtocolPeer agent;

    @BeforeAll
    static void demoPod() {
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.serviceAccounts().inNamespace("default")
                    .resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build()).create();
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("hello-wasi").endMetadata()
                    .withNewSpec().addNewContainer().withName("hello").withImage("hearth-registry:5000/alice/hello:1").endContainer()
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
    @AfterEach
    void clean() {
        if (agent != null) {
            agent.close();
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM demo_progress").executeUpdate());
        classrooms.removeAll();
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob", "irene");
    }

    @Test
    void theInstructorFollowsASeatsDemoPodAndNobodyElseMay() {
        Map<String, Object> room = ClassroomFixtures.create("Logs", 1);
        String id = (String) room.get("id");
        @SuppressWarnings("unchecked")
        String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
        Response joined = Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join");
        String seatId = joined.path("seatId");
        String clusterId = joined.path("clusterId");
        readyOnHost(clusterId);

        // Page routes take the browser session only (docs/security.md), so each person signs in.
        PortalSession irene = PortalSession.signIn(base, "irene");
        String logsPage = "/classrooms/" + id + "/seats/" + seatId + "/logs";
        // Before alice ran anything, the page says so.
        assertThat(irene.exchange(irene.request(logsPage).header("Accept", "text/html")).body())
                .contains("has not run the guided demo");
        ranDemoPod("alice", clusterId);
        HttpResponse<String> page = irene.exchange(irene.request(logsPage).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("default/hello-wasi", "hearth-log-panel");

        SseClient follower = SseClient.open(URI.create(base + "classrooms/" + id + "/seats/" + seatId + "/pod-log"),
                Map.of("Cookie", irene.cookieHeader()), null);
        try {
            LogFollow follow = agent.next(LogFollow.class, WAIT);
            assertThat(follow.pod()).isEqualTo("hello-wasi");
            assertThat(follow.container()).isEqualTo("hello");
            agent.send(new LogChunk(follow.stream(), 0, List.of("Hello from alice's module")));
            assertThat(follower.next(WAIT).data()).isEqualTo("Hello from alice's module");
        } finally {
            follower.close();
        }

        String podLog = "/classrooms/" + id + "/seats/" + seatId + "/pod-log";
        for (String stranger : List.of("alice", "bob")) {
            PortalSession session = PortalSession.signIn(base, stranger);
            assertThat(session.exchange(session.request(podLog).header("Accept", "text/event-stream")).statusCode())
                    .isEqualTo(404);
            assertThat(session.exchange(session.request(podLog + "/download").header("Accept", "text/plain")).statusCode())
                    .isEqualTo(404);
        }
        HttpResponse<String> download = irene.exchange(irene.request(podLog + "/download").header("Accept", "text/plain"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("Hello from alice's module\n");
    }

    private void readyOnHost(String clusterId) {
        agent = ProtocolPeer.online(base, hosts.enrol("seatlogs"), WAIT);
        agent.reportReady(clusterId, apiServer.adminKubeconfig(), apiServer.server(), WAIT);
        Eventually.until("the seat's cluster is READY", WAIT, () -> "READY".equals(classrooms.phase(clusterId)));
    }

    /** As the guided demo records a run (V5 demo_progress). */
    private void ranDemoPod(String user, String clusterId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO demo_progress (user_id, language, run_cluster_id, run_namespace, run_pod, run_container,
                                                   started_at, updated_at)
                        SELECT id, 'RUST', :c, 'default', 'hello-wasi', 'hello', now(), now() FROM app_user WHERE username = :u""")
                .setParameter("c", clusterId).setParameter("u", user).executeUpdate());
    }
}
