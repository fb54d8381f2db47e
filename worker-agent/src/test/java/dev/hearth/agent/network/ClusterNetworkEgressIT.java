package dev.hearth.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.reconcile.ClusterReconciler;
import dev.hearth.agent.reconcile.RecordingSink;
import dev.hearth.agent.reconcile.TestAgent;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The participant's cluster against the host's network (docs/security.md, "Participant's cluster and the
 * host's network"), on the real engine with two real clusters. From cluster A — both from inside its
 * control-plane container and the way a participant does it, through the API server's service proxy —
 * nothing outside A's own network answers: not a service the host offers on the gateway (a listener this
 * test opens there, and Hearth's own ports), not cluster B's API server, not the registry's write side,
 * not the metadata address. A's own network keeps working (the registry's read side), and so does B.
 */
@Timeout(600)
class ClusterNetworkEgressIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final String SECRET = "answered-by-the-host";
    private static TestHost host;

    @BeforeAll
    static void host() {
        host = new TestHost();
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        host.close();
    }

    @Test
    void aClusterReachesOnlyItsOwnNetwork() throws Exception {
        String a = "egress-a-" + host.hostId();
        String b = "egress-b-" + host.hostId();
        var sink = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
            agent.desired(new DesiredClusters(List.of(desired(a), desired(b))));
            sink.await(a, ObservedPhase.READY, READY_WITHIN);
            sink.await(b, ObservedPhase.READY, READY_WITHIN);

            String gateway = gatewayOf("hearth-" + a);
            String otherApiServer = addressOn("hearth-" + b + "-control-plane", "hearth-" + b);
            String registryWriteSide = addressOn(host.settings().registry().name(), "bridge");
            HttpServer hostService = HttpServer.create(new InetSocketAddress(InetAddress.getByName(gateway), 0), 10);
            hostService.createContext("/", exchange -> {
                byte[] body = SECRET.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            hostService.start();
            try {
                int servicePort = hostService.getAddress().getPort();
                Map<String, String> targets = new LinkedHashMap<>();
                targets.put("a service of the host on the gateway", gateway + "/" + servicePort);
                for (int port : List.of(5433, 8180, 8080, 8090, 2375)) {
                    targets.put("the host's port " + port, gateway + "/" + port);
                }
                targets.put("cluster B's API server", otherApiServer + "/6443");
                targets.put("the registry's write side", registryWriteSide + "/5001");
                targets.put("the metadata address", "169.254.169.254/80");
                targets.put("its own registry's read side (control)", "hearth-registry/5000");

                Map<String, String> reached = probe("hearth-" + a + "-control-plane", targets);
                assertThat(reached).as("from cluster A's control-plane container").containsExactlyInAnyOrderEntriesOf(
                        expect(targets, "its own registry's read side (control)"));

                try (KubernetesClient kubernetes = client(sink, a)) {
                    assertThat(throughServiceProxy(kubernetes, "host-service", gateway, servicePort))
                            .as("the service proxy to a service of the host").doesNotContain(SECRET);
                    assertThat(throughServiceProxy(kubernetes, "other-cluster", otherApiServer, 6443))
                            .as("the service proxy to cluster B's API server").doesNotContain("HTTPS server");
                }
            } finally {
                hostService.stop(0);
            }
            try (KubernetesClient other = client(sink, b)) {
                assertThat(other.getKubernetesVersion().getGitVersion()).as("cluster B keeps working").startsWith("v1.");
            }
        }
    }

    private static DesiredCluster desired(String id) {
        // No WASI node: the network is the control plane's and the registry's.
        return new DesiredCluster(id, id.substring(0, "egress-a".length()), new ClusterConfig(FeatureGates.DEFAULTS, Map.of()), 1);
    }

    /** What the probe should report: every target closed but {@code open}. */
    private static Map<String, String> expect(Map<String, String> targets, String open) {
        Map<String, String> expected = new LinkedHashMap<>();
        targets.keySet().forEach(name -> expected.put(name, name.equals(open) ? "OPEN" : "CLOSED"));
        return expected;
    }

    /** Tries every target at once from inside {@code container}, 4 s each; OPEN or CLOSED per name. */
    private static Map<String, String> probe(String container, Map<String, String> targets) throws InterruptedException {
        StringBuilder script = new StringBuilder();
        int i = 0;
        for (String target : targets.values()) {
            script.append("(timeout 4 bash -c 'exec 3<>/dev/tcp/").append(target).append("' 2>/dev/null && echo ")
                    .append(i).append("=OPEN || echo ").append(i).append("=CLOSED) &\n");
            i++;
        }
        script.append("wait\n");
        String output = host.exec(container, script.toString());
        Map<String, String> result = new LinkedHashMap<>();
        List<String> names = List.copyOf(targets.keySet());
        output.lines().filter(line -> line.matches("\\d+=(OPEN|CLOSED)")).forEach(line -> {
            String[] parts = line.split("=");
            result.put(names.get(Integer.parseInt(parts[0])), parts[1]);
        });
        return result;
    }

    /**
     * What a participant does: a Service without selector, its Endpoints at {@code ip:port}, and a GET through
     * the API server's proxy. What came back: the body, or the error the API server (or the client's
     * timeout) gave — an answer from the target would show in either.
     */
    private static String throughServiceProxy(KubernetesClient kubernetes, String name, String ip, int port) {
        kubernetes.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(port).endPort().endSpec().build()).create();
        kubernetes.endpoints().inNamespace("default").resource(new EndpointsBuilder().withNewMetadata().withName(name)
                .endMetadata().addNewSubset().addNewAddress().withIp(ip).endAddress()
                .addNewPort().withName("http").withPort(port).endPort().endSubset().build()).create();
        try {
            return kubernetes.raw("/api/v1/namespaces/default/services/http:" + name + ":" + port + "/proxy/");
        } catch (KubernetesClientException e) {
            return e.getCode() + " " + e.getMessage();
        }
    }

    private static KubernetesClient client(RecordingSink sink, String clusterId) {
        String kubeconfig = sink.credentialsOf(clusterId).orElseThrow().kubeconfig();
        Config config = Config.fromKubeconfig(kubeconfig);
        // Longer than the API server's own 30 s dial timeout, so a dropped connection shows as its 503.
        config.setRequestTimeout(45_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String gatewayOf(String network) {
        return host.client().inspectNetworkCmd().withNetworkId(network).exec().getIpam().getConfig().stream()
                .map(c -> c.getGateway()).filter(g -> g != null && g.contains(".")).findFirst().orElseThrow();
    }

    private static String addressOn(String container, String network) {
        return host.client().inspectContainerCmd(container).exec().getNetworkSettings().getNetworks().get(network)
                .getIpAddress();
    }
}
