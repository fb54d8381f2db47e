package dev.hearth.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.agent.reconcile.ClusterReconciler;
import dev.hearth.agent.reconcile.RecordingSink;
import dev.hearth.agent.reconcile.TestAgent;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelTarget;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster's terminal end to end on the agent, with a real cluster on the real engine: the toolbox
 * is started on first use, kubectl works in it out of the box against the cluster's API server, it is
 * confined like the cluster's network (no host service, not the registry's write side, not the
 * metadata address), unprivileged and limited; deleting the cluster removes it and ends the terminal.
 */
@Timeout(600)
class ToolboxIT {

    static final Duration READY_WITHIN = Duration.ofMinutes(4);
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestHost host;

    final List<AgentMessage> sent = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    ShellSessions sessions;

    @BeforeAll
    static void host() {
        host = new TestHost(Map.of("hearth.agent.images.toolbox", NodeImages.toolbox()));
    }

    @AfterAll
    static void removeEverything() {
        host.close();
    }

    @Test
    void theToolboxRunsKubectlIsConfinedAndGoesWithItsCluster() throws Exception {
        String id = "tbx-" + host.hostId();
        var sink = new RecordingSink();
        try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
            agent.desired(new DesiredClusters(List.of(new DesiredCluster(id, "tbx",
                    new ClusterConfig(new FeatureGates(true, false), Map.of()), 1))));
            sink.await(id, ObservedPhase.READY, READY_WITHIN);
            sessions = sessions();

            String tunnel = "t-" + UUID.randomUUID();
            long opening = System.nanoTime();
            sessions.on(new TunnelOpen(tunnel, id, new TunnelTarget.Exec("toolbox", List.of("bash", "-i"), 100, 30,
                    "main", false), 0));
            awaitScreen("$ ");
            System.out.printf("toolbox: first open (container started) -> prompt %d ms%n", (System.nanoTime() - opening) / 1_000_000);
            type(tunnel, 0, "kubectl get namespaces -o name; id -u; helm version --short; jq --version; oras version\r");
            awaitScreen("namespace/kube-system");
            awaitScreen("\n1000\r");
            awaitScreen("jq-1.");
            // The guided demo's artifact CLI, the pinned build of node-image/build-oras.sh.
            awaitScreen("Version:        1.3.6");

            String container = host.client().listContainersCmd()
                    .withLabelFilter(HearthLabels.of(id, host.hostId(), Role.TOOLBOX)).exec().getFirst().getId();
            InspectContainerResponse inspected = host.client().inspectContainerCmd(container).exec();
            assertThat(inspected.getHostConfig().getReadonlyRootfs()).isTrue();
            assertThat(inspected.getHostConfig().getCapDrop()).contains(Capability.ALL);
            assertThat(inspected.getHostConfig().getCapAdd()).isNullOrEmpty();
            assertThat(inspected.getHostConfig().getPidsLimit()).isEqualTo(256);
            assertThat(inspected.getHostConfig().getMemory()).isEqualTo(256L << 20);
            assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
            assertThat(inspected.getHostConfig().getNetworkMode()).isEqualTo("hearth-" + id);
            assertThat(inspected.getNetworkSettings().getNetworks()).containsOnlyKeys("hearth-" + id);
            assertThat(inspected.getNetworkSettings().getPorts().getBindings()).allSatisfy((port, binding) -> assertThat(binding).isNull());
            assertThat(inspected.getConfig().getUser()).isEqualTo("1000:1000");

            String gateway = host.client().inspectNetworkCmd().withNetworkId("hearth-" + id).exec().getIpam().getConfig()
                    .stream().map(c -> c.getGateway()).filter(g -> g != null && g.contains(".")).findFirst().orElseThrow();
            String registryWriteSide = host.client().inspectContainerCmd(host.settings().registry().name()).exec()
                    .getNetworkSettings().getNetworks().get("bridge").getIpAddress();
            Map<String, String> targets = new LinkedHashMap<>();
            for (int port : List.of(5433, 8180, 8080, 8081, 8090, 2375, 22)) {
                targets.put("the host's port " + port, gateway + "/" + port);
            }
            targets.put("the registry's write side", registryWriteSide + "/5001");
            targets.put("the metadata address", "169.254.169.254/80");
            targets.put("its own API server (control)", "hearth-" + id + "-control-plane/6443");
            targets.put("its registry's read side (control)", "hearth-registry/5000");
            Map<String, String> reached = probe(container, targets);
            Map<String, String> expected = new LinkedHashMap<>();
            targets.keySet().forEach(t -> expected.put(t, t.contains("(control)") ? "OPEN" : "CLOSED"));
            assertThat(reached).as("from the toolbox").containsExactlyInAnyOrderEntriesOf(expected);

            agent.desired(new DesiredClusters(List.of()));

            Eventually.until("the terminal was closed", WAIT, () -> sent.stream().anyMatch(m -> m instanceof TunnelClose));
            TunnelClose close = sent.stream().filter(m -> m instanceof TunnelClose).map(TunnelClose.class::cast).findFirst().orElseThrow();
            assertThat(close.reason()).isEqualTo("the cluster was deleted; its terminal is gone");
            Eventually.until("the toolbox is gone", WAIT, () -> host.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(HearthLabels.of(id, host.hostId(), Role.TOOLBOX)).exec().isEmpty());
        }
    }

    private ShellSessions sessions() {
        TunnelSettings settings = new SmallRyeConfigBuilder().withMapping(TunnelSettings.class).build()
                .getConfigMapping(TunnelSettings.class);
        var starter = new ToolboxContainers(host.docker(), host.settings(), new ClusterAccess(host.docker(), host.settings()));
        return new ShellSessions(new ExecContainers(host.docker(), host.settings(), starter), host.docker(), settings, message -> {
            sent.add(message);
            if (message instanceof TunnelData data) {
                synchronized (screen) {
                    screen.writeBytes(data.bytes());
                }
            }
        });
    }

    private void type(String tunnel, long seq, String text) {
        sessions.on(new TunnelData(tunnel, seq, text.getBytes(StandardCharsets.UTF_8)));
    }

    private void awaitScreen(String text) {
        Eventually.until("'" + text + "' on the screen", WAIT, () -> screenText().contains(text), this::screenText);
    }

    private String screenText() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Tries every target at once from inside the toolbox (as its user), 4 s each; OPEN or CLOSED per name. */
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
}
