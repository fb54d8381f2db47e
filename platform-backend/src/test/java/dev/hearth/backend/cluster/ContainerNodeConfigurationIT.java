package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's configuration through the real API, PostgreSQL and an agent connection
 * (docs/container-node.md): a custom kube-proxy affinity is stored with the cluster, shown back and sent
 * to the host's agent as written; a bad one, and the ContainerNode gate, are 400s naming the field.
 */
@QuarkusTest
class ContainerNodeConfigurationIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String HEAD = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\n";
    private static final String CUSTOM_AFFINITY = HEAD + """
            controlPlaneConfiguration:
              kubeProxy:
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                          - key: example.com/pool
                            operator: In
                            values: [containers]
            """;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Fixtures fixtures;

    @Inject
    HostFixtures hosts;

    @Inject
    ClassroomFixtures classrooms;

    private ProtocolPeer agent;

    @BeforeEach
    @AfterEach
    void clean() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
        classrooms.removeAll();
        hosts.removeAllClusters();
        hosts.removeTestHosts();
        fixtures.forget("alice", "irene");
    }

    @Test
    void aCustomKubeProxyAffinityIsStoredShownAndSentToTheAgentAsWritten() {
        String id = Api.as("alice").body(Map.of("config", CUSTOM_AFFINITY)).post("/api/v1/clusters").then()
                .statusCode(202)
                .body("config", containsString("controlPlaneConfiguration:"))
                .body("config", containsString("example.com/pool"))
                .extract().path("id");
        Api.as("alice").get("/api/v1/clusters/" + id).then().statusCode(200)
                .body("config", containsString("operator: In"));

        EnrolledHost host = hosts.enrol("kube-proxy");
        agent = ProtocolPeer.connect(base, host.bearer());
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L << 20, 20)));
        DesiredClusters set = agent.desiredWith(id, true, WAIT);

        DesiredCluster desired = set.clusters().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertThat(desired.config().kubeProxyAffinity()).isEqualTo("{\"nodeAffinity\":{"
                + "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchExpressions\":"
                + "[{\"key\":\"example.com/pool\",\"operator\":\"In\",\"values\":[\"containers\"]}]}]}}}");
    }

    @Test
    void aClusterWithoutAnAffinityIsSentTheDefault() {
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202)
                .body("config", org.hamcrest.Matchers.not(containsString("controlPlaneConfiguration")))
                .extract().path("id");
        EnrolledHost host = hosts.enrol("kube-proxy-default");
        agent = ProtocolPeer.connect(base, host.bearer());
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L << 20, 20)));

        DesiredCluster desired = agent.desiredWith(id, true, WAIT).clusters().getFirst();
        assertThat(desired.config().kubeProxyAffinity()).isNull();
    }

    @Test
    void aBadAffinityIsA400NamingItsPathAndNothingIsCreated() {
        String bad = CUSTOM_AFFINITY.replace("operator: In", "operator: Near");
        Api.as("alice").body(Map.of("config", bad)).post("/api/v1/clusters").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("controlPlaneConfiguration.kubeProxy.affinity.nodeAffinity"
                        + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]"
                        + ".operator")))
                .body("errors[0].message", containsString("one of In, NotIn"));
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));
    }

    @Test
    void theContainerNodeGateIsRefusedForAClusterAndForAClassroomNamingIt() {
        Map<String, Object> gate = Map.of("apiVersion", "hearth.dev/v1alpha1", "kind", "ClusterConfiguration",
                "featureGates", Map.of("ContainerNode", true));
        Api.as("alice").body(Map.of("config", gate)).post("/api/v1/clusters").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("featureGates.ContainerNode")))
                .body("errors[0].message", containsString("not available"));
        Api.as("alice").get("/api/v1/clusters").then().body("size()", equalTo(0));

        Map<String, Object> classroom = ClassroomFixtures.body("containers", 2);
        classroom.put("config", gate);
        Api.as("irene").body(classroom).post("/api/v1/classrooms").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("config.featureGates.ContainerNode"));

        Api.as("alice").body(Map.of("config", Map.of("apiVersion", "hearth.dev/v1alpha1", "kind", "ClusterConfiguration",
                        "featureGates", Map.of("ContainerNode", false)))).post("/api/v1/clusters").then()
                .statusCode(202);
    }
}
