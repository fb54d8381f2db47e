package dev.hearth.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.harness.ControlPlane;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelTarget;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's end of app tunnels against the real Docker engine and a real kube-apiserver: alice's
 * cluster's "WASI node" is a container labelled as one on her cluster's network, serving HTTP on 8080
 * (a few lines of Perl standing in for a WAGI app; the node's own serving is wasm-node's WagiIT), and
 * another cluster's node serves the same port on its own network. The API server is hers — so what it
 * says (Services, EndpointSlices, pod IPs) is what a hostile cluster-admin writes. Proven: her Service's
 * port {@code http} answers through the tunnel, in order and closed at the app's end; a Service whose
 * endpoint points at the host, the cluster network's gateway (the host again), a metadata-style address or the
 * other cluster's node, and a pod whose IP names the other cluster, are refused before any byte flows.
 */
class AppTunnelsIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SERVER = """
            use IO::Socket::INET;
            my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 16, ReuseAddr => 1) or die "listen: $!";
            while (my $c = $s->accept) {
                my $line = <$c>; $line =~ s/\\r?\\n$//;
                while (my $h = <$c>) { last if $h eq "\\r\\n" || $h eq "\\n"; }
                my $b = "hello from $ENV{WHO} to $line\\n";
                print $c "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: " . length($b) . "\\r\\nConnection: close\\r\\n\\r\\n$b";
                close $c;
            }
            """;

    static TestHost host;
    static ControlPlane apiServer;
    static String alice = "c-" + UUID.randomUUID().toString().substring(0, 8);
    static String other = "c-" + UUID.randomUUID().toString().substring(0, 8);
    static String aliceNode;
    static String otherNode;
    static String aliceGateway;

    final List<AgentMessage> sent = new CopyOnWriteArrayList<>();
    final Map<String, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
    AppTunnels tunnels;

    @BeforeAll
    static void twoClustersNodesAndAnApiServer() {
        host = new TestHost();
        aliceNode = startNode(alice, "alice");
        otherNode = startNode(other, "other");
        aliceGateway = host.client().inspectNetworkCmd().withNetworkId(ClusterPlanner.networkName(alice)).exec()
                .getIpam().getConfig().getFirst().getGateway();
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("default").endMetadata().build()).createOr(c -> c.update());
            int apiPort = URI.create(apiServer.server()).getPort();
            service(kubernetes, "web", aliceNode, 8080);
            // The API server itself refuses loopback and link-local endpoints (127.0.0.0/8, 169.254.0.0/16), so
            // the host is named by its own address (where the backend and PostgreSQL listen too), and the
            // metadata address by another cloud's (100.100.100.200), which it accepts.
            service(kubernetes, "evil-host", hostAddress(), apiPort);
            service(kubernetes, "evil-gateway", aliceGateway, apiPort);
            service(kubernetes, "evil-metadata", "100.100.100.200", 80);
            service(kubernetes, "evil-other", otherNode, 8080);
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("evil-pod").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("x:1").endContainer()
                    .withAutomountServiceAccountToken(false).endSpec().build()).create();
            kubernetes.pods().inNamespace("default").resource(new PodBuilder(kubernetes.pods().inNamespace("default")
                    .withName("evil-pod").get()).withNewStatus().withPhase("Running").withPodIP(otherNode).endStatus().build())
                    .updateStatus();
        }
    }

    @AfterAll
    static void removeEverything() {
        if (apiServer != null) {
            apiServer.close();
        }
        host.close();
    }

    @Test
    void theServicesHttpPortAnswersThroughTheTunnelAndTheAppsCloseEndsIt() {
        String tunnel = open(TunnelTarget.Http.servicePort("default", "web", "http"));
        Eventually.until("the tunnel opened", WAIT, () -> opened(tunnel) || closeOf(tunnel) != null, () -> sent);
        tunnels.on(new TunnelData(tunnel, 0, "GET /through/the/tunnel HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));

        Eventually.until("the app answered and closed", WAIT, () -> closeOf(tunnel) != null, () -> sent);
        assertThat(text(tunnel)).startsWith("HTTP/1.1 200 OK\r\n")
                .endsWith("\r\n\r\nhello from alice to GET /through/the/tunnel HTTP/1.1\n");
        assertThat(closeOf(tunnel).reason()).isEqualTo("the app closed the connection");
        assertThat(tunnels.openTunnels()).isZero();
    }

    @Test
    void aPodByItsPortAnswersToo() throws Exception {
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("x:1").endContainer()
                    .withAutomountServiceAccountToken(false).endSpec().build()).create();
            kubernetes.pods().inNamespace("default").resource(new PodBuilder(kubernetes.pods().inNamespace("default")
                    .withName("web-0").get()).withNewStatus().withPhase("Running").withPodIP(aliceNode).endStatus().build())
                    .updateStatus();
        }
        String tunnel = open(new TunnelTarget.Http("default", null, "web-0", 8080));
        Eventually.until("the tunnel opened", WAIT, () -> opened(tunnel) || closeOf(tunnel) != null, () -> sent);
        tunnels.on(new TunnelData(tunnel, 0, "GET /pod HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        Eventually.until("the app answered", WAIT, () -> closeOf(tunnel) != null, () -> sent);
        assertThat(text(tunnel)).endsWith("hello from alice to GET /pod HTTP/1.1\n");
    }

    @Test
    void endpointsOutsideTheClusterAreRefusedBeforeAnyByteFlows() {
        Map<String, TunnelTarget.Http> hostile = Map.of(
                "the host", TunnelTarget.Http.servicePort("default", "evil-host", "http"),
                "the host as the cluster network's gateway", TunnelTarget.Http.servicePort("default", "evil-gateway", "http"),
                "a metadata address", TunnelTarget.Http.servicePort("default", "evil-metadata", "http"),
                "another cluster's node", TunnelTarget.Http.servicePort("default", "evil-other", "http"),
                "a pod whose IP is another cluster's node", new TunnelTarget.Http("default", null, "evil-pod", 8080));
        Map<String, String> ids = new ConcurrentHashMap<>();
        hostile.forEach((what, target) -> ids.put(what, open(target)));

        Eventually.until("all refused", WAIT, () -> ids.values().stream().allMatch(id -> closeOf(id) != null), () -> sent);
        ids.forEach((what, id) -> {
            assertThat(closeOf(id).reason()).as(what).startsWith("refused: ").contains("not this cluster's WASI node");
            assertThat(opened(id)).as(what + " never opened").isFalse();
        });
        assertThat(tunnels.openTunnels()).isZero();
    }

    @Test
    void aClusterWithoutANodeHereAndAMissingServiceAreRefusedSayingWhy() {
        String elsewhere = "t-" + UUID.randomUUID();
        tunnels().on(new TunnelOpen(elsewhere, "c-not-here", TunnelTarget.Http.servicePort("default", "web", "http"), 0));
        String missing = open(TunnelTarget.Http.servicePort("default", "nothing", "http"));
        Eventually.until("both refused", WAIT, () -> closeOf(elsewhere) != null && closeOf(missing) != null, () -> sent);
        assertThat(closeOf(elsewhere).reason()).contains("no running WASI node on this host");
        assertThat(closeOf(missing).reason()).contains("no Service default/nothing");
    }

    AppTunnels tunnels() {
        if (tunnels == null) {
            TunnelSettings settings = new SmallRyeConfigBuilder().withMapping(TunnelSettings.class).build()
                    .getConfigMapping(TunnelSettings.class);
            tunnels = new AppTunnels(cluster -> apiServer.adminClient(), cluster -> true,
                    new NodeAddresses(host.client(), host.hostId()), settings, this::record, null);
        }
        return tunnels;
    }

    String open(TunnelTarget.Http target) {
        String id = "t-" + UUID.randomUUID();
        tunnels().on(new TunnelOpen(id, alice, target, 0));
        return id;
    }

    void record(AgentMessage message) {
        sent.add(message);
        if (message instanceof TunnelData data) {
            received.computeIfAbsent(data.tunnelId(), id -> new ByteArrayOutputStream()).writeBytes(data.bytes());
        }
    }

    boolean opened(String tunnel) {
        return sent.stream().anyMatch(m -> m instanceof TunnelData d && d.tunnelId().equals(tunnel) && d.seq() == 0);
    }

    String text(String tunnel) {
        return received.getOrDefault(tunnel, new ByteArrayOutputStream()).toString(StandardCharsets.UTF_8);
    }

    TunnelClose closeOf(String tunnel) {
        return sent.stream().filter(m -> m instanceof TunnelClose c && c.tunnelId().equals(tunnel))
                .map(TunnelClose.class::cast).findFirst().orElse(null);
    }

    /** A container labelled as {@code clusterId}'s WASI node on its own network, answering HTTP on 8080. */
    static String startNode(String clusterId, String who) {
        String network = ClusterPlanner.networkName(clusterId);
        host.client().createNetworkCmd().withName(network).withLabels(HearthLabels.of(clusterId, host.hostId())).exec();
        String container = host.client().createContainerCmd(NodeImages.controlPlane())
                .withName("hearth-" + clusterId + "-wasi")
                .withEntrypoint("perl", "-e", SERVER)
                .withEnv("WHO=" + who)
                .withLabels(HearthLabels.of(clusterId, host.hostId(), Role.WASI_NODE))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(network))
                .exec().getId();
        host.client().startContainerCmd(container).exec();
        ContainerNetwork attached = host.client().inspectContainerCmd(container).exec().getNetworkSettings().getNetworks().get(network);
        String address = attached.getIpAddress();
        Eventually.until(who + "'s node listens", WAIT, () -> {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress(address, 8080), 1000);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return address;
    }

    /** This machine's address on its way out (not loopback). */
    static String hostAddress() {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getByName("10.255.255.254"), 9));
            return socket.getLocalAddress().getHostAddress();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void service(KubernetesClient kubernetes, String name, String address, int port) {
        kubernetes.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).withNewTargetPort(port).endPort().endSpec().build()).create();
        kubernetes.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-1").withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(address).withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort().build()).create();
    }
}
