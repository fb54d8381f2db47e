package dev.hearth.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.TestSettings;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.FeatureGates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterPlannerTest {

    /** Settings of a host that has a WASI node image; without one, see the tests at the end. */
    private static final Map<String, String> WITH_WASI_IMAGE = Map.of("hearth.agent.images.wasi-node", "hearth/wasm-node:t1");

    private final ClusterPlanner planner = new ClusterPlanner(TestSettings.with(WITH_WASI_IMAGE));

    private static ClusterPlanner plannerWith(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(WITH_WASI_IMAGE);
        all.putAll(settings);
        return new ClusterPlanner(TestSettings.with(all));
    }

    private static DesiredCluster cluster(boolean localRegistry, boolean krustlet) {
        return new DesiredCluster("c42", "alice",
                new ClusterConfig(new FeatureGates(localRegistry, krustlet), Map.of()), 3);
    }

    /** Each gate combination, with the containers it must give (the steps: provision.ProvisionStepsTest). */
    static Stream<Arguments> gates() {
        return Stream.of(
                Arguments.of(true, true, List.of("hearth-c42-control-plane", "hearth-c42-wasi")),
                Arguments.of(true, false, List.of("hearth-c42-control-plane")),
                Arguments.of(false, true, List.of("hearth-c42-control-plane", "hearth-c42-wasi")),
                Arguments.of(false, false, List.of("hearth-c42-control-plane")));
    }

    @ParameterizedTest(name = "LocalRegistry={0}, Krustlet={1}")
    @MethodSource("gates")
    void gatesDecideTheContainers(boolean localRegistry, boolean krustlet, List<String> containers) {
        ClusterPlan plan = planner.plan(cluster(localRegistry, krustlet));

        assertThat(plan.containers()).extracting(ContainerSpec::name).containsExactlyElementsOf(containers);
        assertThat(plan.registry().isPresent()).isEqualTo(localRegistry);
        assertThat(plan.wasiNodeName().isPresent()).isEqualTo(krustlet);
        assertThat(plan.volumes()).extracting(VolumeSpec::name)
                .containsExactlyElementsOf(krustlet ? List.of("hearth-c42-etcd", "hearth-c42-pki", "hearth-c42-wasi")
                        : List.of("hearth-c42-etcd", "hearth-c42-pki"));
    }

    @ParameterizedTest(name = "LocalRegistry={0}, Krustlet={1}")
    @MethodSource("gates")
    void everyObjectCarriesTheClusterAndHostLabels(boolean localRegistry, boolean krustlet) {
        ClusterPlan plan = planner.plan(cluster(localRegistry, krustlet));

        Map<String, String> owner = Map.of("dev.hearth.cluster", "c42", "dev.hearth.host", "host-a");
        assertThat(plan.network().labels()).isEqualTo(owner);
        assertThat(plan.volumes()).allSatisfy(volume -> assertThat(volume.labels()).containsAllEntriesOf(owner)
                .containsKey("dev.hearth.role"));
        assertThat(plan.containers()).allSatisfy(container -> assertThat(container.labels())
                .containsAllEntriesOf(owner)
                .containsEntry("dev.hearth.role", container.role().label()));
    }

    @Test
    void theNameTheEndpointRoutesByIsASubjectNameOfTheApiServerCertificate() {
        ClusterPlan plan = plannerWith(Map.of("hearth.agent.advertise-address", "10.203.0.1")).plan(cluster(true, true));

        assertThat(ClusterPlanner.apiServerName("c42")).isEqualTo("hearth-c42-control-plane");
        assertThat(plan.apiServer().dnsNames()).contains(ClusterPlanner.apiServerName("c42"));
        assertThat(plan.apiServer().ipAddresses()).contains("10.203.0.1", "127.0.0.1");
    }

    @Test
    void theControlPlaneIsPublishedOnLoopbackOnAPortPickedAtStart() {
        ContainerSpec controlPlane = planner.plan(cluster(true, true)).container(Role.CONTROL_PLANE).orElseThrow();

        assertThat(controlPlane.network()).isEqualTo("hearth-c42");
        assertThat(controlPlane.image()).isEqualTo("hearth/control-plane:latest");
        assertThat(controlPlane.ports()).containsExactly(new PortBinding(6443, "127.0.0.1", 0));
        assertThat(controlPlane.mounts()).containsExactly(new VolumeMount("hearth-c42-etcd", "/var/lib/etcd", false),
                new VolumeMount("hearth-c42-pki", "/etc/kubernetes", false));
        // Read-only root file system: writable are the volumes above and a small /tmp, no capability kept.
        assertThat(controlPlane.hardening().capAdd()).isEmpty();
        assertThat(controlPlane.hardening().tmpfs()).containsOnlyKeys("/tmp");
        assertThat(controlPlane.limits()).isEqualTo(new ResourceLimits(768L << 20, 1000));
    }

    @Test
    void theWasiNodePublishesNothingAndLearnsItsNameApiServerRegistryAndMirrors() {
        DesiredCluster desired = new DesiredCluster("c42", "Alice's Demo!", new ClusterConfig(FeatureGates.DEFAULTS,
                Map.of("ghcr.io", "https://ghcr.mirror", "docker.io", "https://hub.mirror")), 1);

        ClusterPlan plan = planner.plan(desired);
        ContainerSpec wasi = plan.container(Role.WASI_NODE).orElseThrow();

        assertThat(plan.wasiNodeName()).contains("alice-s-demo-wasi");
        assertThat(wasi.ports()).isEmpty();
        assertThat(wasi.network()).isEqualTo("hearth-c42");
        assertThat(wasi.env()).containsExactly(
                Map.entry("HEARTH_API_SERVER", "https://hearth-c42-control-plane:6443"),
                Map.entry("HEARTH_BOOTSTRAP_KUBECONFIG", "/var/lib/hearth/wasm-node/bootstrap-kubeconfig"),
                Map.entry("HEARTH_INSECURE_REGISTRIES", "hearth-registry:5000"),
                Map.entry("HEARTH_NODE_NAME", "alice-s-demo-wasi"),
                Map.entry("HEARTH_REGISTRY_MIRRORS", "docker.io=https://hub.mirror,ghcr.io=https://ghcr.mirror"));
        assertThat(wasi.limits()).isEqualTo(new ResourceLimits(256L << 20, 500));
    }

    @Test
    void withoutTheLocalRegistryTheNodeTrustsNoInsecureRegistry() {
        ContainerSpec wasi = planner.plan(cluster(false, true)).container(Role.WASI_NODE).orElseThrow();

        assertThat(wasi.env()).containsOnlyKeys("HEARTH_API_SERVER", "HEARTH_BOOTSTRAP_KUBECONFIG", "HEARTH_NODE_NAME");
    }

    @Test
    void theRegistryLinkFollowsKep1755WithTheHostPortFromSettings() {
        ClusterPlanner custom = plannerWith(Map.of(
                "hearth.agent.registry.name", "hearth-registry-b", "hearth.agent.registry.port", "5001"));

        RegistryLink link = custom.plan(cluster(true, true)).registry().orElseThrow();

        assertThat(link.containerName()).isEqualTo("hearth-registry-b");
        assertThat(link.networkAlias()).isEqualTo("hearth-registry");
        assertThat(link.hosting().host()).isEqualTo("localhost:5001");
        assertThat(link.hosting().hostFromContainerRuntime()).isEqualTo("hearth-registry:5000");
        assertThat(link.hosting().hostFromClusterNetwork()).isEqualTo("hearth-registry:5000");
        assertThat(link.hosting().help()).contains("1755");
    }

    @Test
    void theApiServerCertificateNamesEveryWayClientsReachIt() {
        ApiServerPlan api = planner.plan(cluster(true, true)).apiServer();

        assertThat(api.advertiseAddress()).isEqualTo("127.0.0.1");
        assertThat(api.inClusterUrl()).isEqualTo("https://hearth-c42-control-plane:6443");
        assertThat(api.dnsNames()).containsExactly("localhost", "hearth-c42-control-plane", "kubernetes",
                "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
        assertThat(api.ipAddresses()).as("loopback is named once").containsExactly("127.0.0.1", "10.96.0.1");
    }

    @ParameterizedTest(name = "advertise {0}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.7|127.0.0.1,10.0.0.7,10.96.0.1|",
            "fd00::7|127.0.0.1,fd00::7,10.96.0.1|",
            "host-1.lab.example|127.0.0.1,10.96.0.1|host-1.lab.example"})
    void theAdvertiseAddressIsCertifiedAsAnIpOrAName(String advertise, String ips, String extraName) {
        ClusterPlanner custom = plannerWith(Map.of("hearth.agent.advertise-address", advertise));

        ApiServerPlan api = custom.plan(cluster(true, true)).apiServer();

        assertThat(api.advertiseAddress()).isEqualTo(advertise);
        assertThat(api.ipAddresses()).containsExactly(ips.split(","));
        if (extraName == null) {
            assertThat(api.dnsNames()).doesNotContain(advertise);
        } else {
            assertThat(api.dnsNames()).contains(extraName);
        }
    }

    @Test
    void settingsOverrideImagesAndLimits() {
        ClusterPlanner custom = plannerWith(Map.of(
                "hearth.agent.host-id", "host-b",
                "hearth.agent.images.control-plane", "hearth/control-plane:v1.36.3-abc",
                "hearth.agent.images.wasi-node", "hearth/wasm-node:def",
                "hearth.agent.control-plane.memory", "1G",
                "hearth.agent.control-plane.cpu-millis", "1500",
                "hearth.agent.wasi-node.memory", "128M",
                "hearth.agent.wasi-node.cpu-millis", "250"));

        ClusterPlan plan = custom.plan(cluster(true, true));

        assertThat(plan.hostId()).isEqualTo("host-b");
        assertThat(plan.notices()).isEmpty();
        assertThat(plan.container(Role.CONTROL_PLANE).orElseThrow())
                .extracting(ContainerSpec::image, ContainerSpec::limits)
                .containsExactly("hearth/control-plane:v1.36.3-abc", new ResourceLimits(1L << 30, 1500));
        assertThat(plan.container(Role.WASI_NODE).orElseThrow())
                .extracting(ContainerSpec::image, ContainerSpec::limits)
                .containsExactly("hearth/wasm-node:def", new ResourceLimits(128L << 20, 250));
        assertThat(plan.container(Role.CONTROL_PLANE).orElseThrow().limits().nanoCpus()).isEqualTo(1_500_000_000L);
    }

    @Test
    void theSameDesiredClusterGivesTheSamePlan() {
        // A restarted agent must derive exactly the plan it was converging to.
        assertThat(planner.plan(cluster(true, true))).isEqualTo(plannerWith(Map.of()).plan(cluster(true, true)));
    }

    @Test
    void theGenerationIsCarriedSoReportsCanNameIt() {
        assertThat(planner.plan(cluster(true, true)).generation()).isEqualTo(3);
    }

    @Test
    void withoutAWasiNodeImageTheClusterHasNoWasiNodeAndSaysSo() {
        ClusterPlan plan = new ClusterPlanner(TestSettings.defaults()).plan(cluster(true, true));

        assertThat(plan.containers()).extracting(ContainerSpec::name).containsExactly("hearth-c42-control-plane");
        assertThat(plan.volumes()).extracting(VolumeSpec::name).containsExactly("hearth-c42-etcd", "hearth-c42-pki");
        assertThat(plan.notices()).containsExactly("WASI node not available on this host yet");
    }

    @Test
    void withoutTheKrustletGateNothingIsMissingToAdmit() {
        assertThat(new ClusterPlanner(TestSettings.defaults()).plan(cluster(true, false)).notices()).isEmpty();
    }

    @Test
    void theNodeConfigCarriesMirrorsAndTheLocalRegistryAsInsecure() {
        DesiredCluster desired = new DesiredCluster("c42", "alice", new ClusterConfig(FeatureGates.DEFAULTS,
                Map.of("ghcr.io", "https://ghcr.mirror", "docker.io", "https://hub.mirror")), 1);

        NodeConfig config = new ClusterPlanner(TestSettings.defaults()).plan(desired).nodeConfig();

        assertThat(config.registryMirrorsText()).isEqualTo("docker.io=https://hub.mirror,ghcr.io=https://ghcr.mirror");
        assertThat(config.insecureRegistriesText()).isEqualTo("hearth-registry:5000");
        assertThat(planner.plan(cluster(false, true)).nodeConfig().insecureRegistries()).isEmpty();
    }
}
