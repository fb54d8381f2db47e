package dev.hearth.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.ClusterExecutor;
import dev.hearth.agent.provision.ClusterTeardown;
import dev.hearth.agent.provision.StartControlPlane;
import dev.hearth.agent.reconcile.WasmArtifacts;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.FeatureGates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry's read side answers each cluster only its owner's namespace and the shared repositories
 * (docs/security.md, "Participant's cluster and the host's network"), on the real engine with the real
 * registry image and two real cluster networks, alice's and bob's. Every request is made from inside a
 * cluster's control-plane container — the network a participant's API server proxy, WASI node or pod
 * would use — with what a hostile participant would try: the catalog, alice's manifest by tag, her
 * module's blob by digest under her repository and under bob's own, and a path that climbs out of his.
 */
@Timeout(300)
class RegistryNamespaceIT {

    private static final String SHARED = "hello-world-wasi-rust";
    private static TestHost host;
    private static HostRegistry registry;
    private static ClusterTeardown teardown;
    private static String alices;
    private static String bobs;

    @BeforeAll
    static void twoClustersOfTwoOwners() throws Exception {
        host = new TestHost();
        registry = new HostRegistry(host.docker(), host.settings());
        teardown = new ClusterTeardown(host.docker(), host.settings());
        alices = "ns-a-" + host.hostId();
        bobs = "ns-b-" + host.hostId();
        provision(alices, "alice");
        provision(bobs, "bob");
        // Pushed from the host, as the agent pushes builds; two different modules, so two different blobs.
        WasmArtifacts.pushWasmToOci(host.registryPort(), "alice/hello", "1", module("alice's secret module"));
        WasmArtifacts.pushWasmToOci(host.registryPort(), "bob/hello", "1", module("bob's module"));
        WasmArtifacts.pushWasmToOci(host.registryPort(), SHARED, "v0.1.0", module("the shared demo"));
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        if (host != null) {
            teardown.remove(alices);
            teardown.remove(bobs);
            host.close();
        }
    }

    @Test
    void bobsClusterCannotListOrPullAlicesNamespaceNotEvenByBlobDigest() throws Exception {
        String aliceBlob = digest(module("alice's secret module"));

        String catalog = get(bobs, "/v2/_catalog");
        assertThat(catalog).as("bob's catalog").startsWith("HTTP/1.0 200").contains("bob/hello").contains(SHARED)
                .doesNotContain("alice");
        assertThat(get(bobs, "/v2/alice/hello/manifests/1")).as("alice's manifest by tag").startsWith("HTTP/1.0 404")
                .contains("NAME_UNKNOWN");
        assertThat(get(bobs, "/v2/alice/hello/tags/list")).as("alice's tags").startsWith("HTTP/1.0 404");
        assertThat(get(bobs, "/v2/alice/hello/blobs/" + aliceBlob)).as("alice's blob by digest").startsWith("HTTP/1.0 404");
        assertThat(get(bobs, "/v2/bob/hello/blobs/" + aliceBlob)).as("alice's blob by digest under bob's own repository")
                .startsWith("HTTP/1.0 404").doesNotContain("alice's secret module");
        assertThat(get(bobs, "/v2/bob/../alice/hello/manifests/1")).as("a path climbing out of bob's namespace")
                .startsWith("HTTP/1.0 404");
        assertThat(get(bobs, "/v2/bob%2F..%2Falice/hello/manifests/1")).as("the same, escaped")
                .startsWith("HTTP/1.0 404");
    }

    @Test
    void eachOwnerPullsTheirOwnModuleAndEveryonePullsTheSharedOne() throws Exception {
        assertThat(get(bobs, "/v2/bob/hello/manifests/1")).startsWith("HTTP/1.0 200");
        assertThat(get(bobs, "/v2/bob/hello/blobs/" + digest(module("bob's module")))).startsWith("HTTP/1.0 200")
                .contains("bob's module");
        assertThat(get(bobs, "/v2/" + SHARED + "/blobs/" + digest(module("the shared demo")))).startsWith("HTTP/1.0 200")
                .contains("the shared demo");

        assertThat(get(alices, "/v2/_catalog")).contains("alice/hello").contains(SHARED).doesNotContain("bob");
        assertThat(get(alices, "/v2/alice/hello/blobs/" + digest(module("alice's secret module"))))
                .startsWith("HTTP/1.0 200").contains("alice's secret module");
        assertThat(get(alices, "/v2/bob/hello/manifests/1")).startsWith("HTTP/1.0 404");
        assertThat(get(alices, "/v2/" + SHARED + "/manifests/v0.1.0")).startsWith("HTTP/1.0 200");
    }

    @Test
    void aClusterWithoutAnOwnerReadsSharedContentUntilItIsHandedOut() throws Exception {
        String cluster = "ns-w-" + host.hostId();
        try {
            provision(cluster, null);
            assertThat(get(cluster, "/v2/_catalog")).as("a warm-pool cluster's catalog").contains(SHARED)
                    .doesNotContain("alice").doesNotContain("bob");
            assertThat(get(cluster, "/v2/" + SHARED + "/manifests/v0.1.0")).startsWith("HTTP/1.0 200");

            // The hand-out: the next desired set names bob, and his repositories answer from the next pass on.
            registry.readers(Map.of(alices, "alice", bobs, "bob", cluster, "bob"));
            registry.syncAccess();
            assertThat(get(cluster, "/v2/bob/hello/manifests/1")).startsWith("HTTP/1.0 200");
            assertThat(get(cluster, "/v2/alice/hello/manifests/1")).startsWith("HTTP/1.0 404");
        } finally {
            teardown.remove(cluster);
        }
    }

    private static void provision(String id, String namespace) throws Exception {
        // No WASI node: the network, the registry on it and a container to ask from are what is tested.
        ClusterPlan plan = new ClusterPlanner(host.settings()).plan(
                new DesiredCluster(id, id, new ClusterConfig(new FeatureGates(true, false), Map.of()), 1, namespace));
        new ClusterExecutor(host.docker(), registry, teardown, host.settings(), Clock.systemUTC())
                .provisionUntil(plan, StartControlPlane.class);
    }

    /** The whole answer to a GET of {@code hearth-registry:5000<path>} from inside the cluster's control-plane container. */
    private static String get(String clusterId, String path) throws Exception {
        String script = "exec 3<>/dev/tcp/hearth-registry/5000 && printf 'GET " + path.replace("%", "%%")
                + " HTTP/1.0\\r\\nHost: hearth-registry:5000\\r\\n"
                + "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"
                + "\\r\\n\\r\\n' >&3 && timeout 10 cat <&3";
        return host.exec("hearth-" + clusterId + "-control-plane", script);
    }

    /** Bytes that stand for a module: the registry stores whatever it is given. */
    private static byte[] module(String text) {
        return ("\0asm" + text).getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
