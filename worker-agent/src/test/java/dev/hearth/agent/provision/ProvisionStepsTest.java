package dev.hearth.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.TestSettings;
import dev.hearth.agent.plan.ClusterPlanner;
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
import org.junit.jupiter.params.provider.MethodSource;

/** The plan as a list of steps: which steps each gate combination gets, in which order, with which titles. */
class ProvisionStepsTest {

    /** Settings of a host that has a WASI node image; without one, see the test at the end. */
    private static final Map<String, String> WITH_WASI_IMAGE = Map.of("hearth.agent.images.wasi-node", "hearth/wasm-node:t1");

    static Stream<Arguments> gates() {
        return Stream.of(
                Arguments.of(true, true, List.of(CreateNetwork.class, CreateVolumes.class, GenerateCertificates.class,
                        EnsureRegistry.class, ConnectRegistry.class, StartControlPlane.class, StartWasiNode.class,
                        WaitForEtcd.class, WaitForApiServer.class, ConfigureNodeBootstrap.class, CreateNodeConfig.class,
                        CreateRegistryConfigMap.class, RegisterWasiNode.class, IssueKubeconfig.class)),
                Arguments.of(true, false, List.of(CreateNetwork.class, CreateVolumes.class, GenerateCertificates.class,
                        EnsureRegistry.class, ConnectRegistry.class, StartControlPlane.class, WaitForEtcd.class,
                        WaitForApiServer.class, CreateRegistryConfigMap.class, IssueKubeconfig.class)),
                Arguments.of(false, true, List.of(CreateNetwork.class, CreateVolumes.class, GenerateCertificates.class,
                        StartControlPlane.class, StartWasiNode.class, WaitForEtcd.class, WaitForApiServer.class,
                        ConfigureNodeBootstrap.class, CreateNodeConfig.class, RegisterWasiNode.class, IssueKubeconfig.class)),
                Arguments.of(false, false, List.of(CreateNetwork.class, CreateVolumes.class, GenerateCertificates.class,
                        StartControlPlane.class, WaitForEtcd.class, WaitForApiServer.class, IssueKubeconfig.class)));
    }

    @ParameterizedTest(name = "LocalRegistry={0}, Krustlet={1}")
    @MethodSource("gates")
    void gatesDecideTheSteps(boolean localRegistry, boolean krustlet, List<Class<? extends Step>> expected) {
        assertThat(classes(steps(Map.of(), localRegistry, krustlet))).containsExactlyElementsOf(expected);
    }

    @Test
    void theClusterPageShowsEachStepByTheTitleItsClassCarries() {
        assertThat(steps(Map.of(), true, true)).extracting(Step::title).containsExactly(
                "Creating cluster network", "Creating volumes", "Generating certificates", "Starting local registry",
                "Connecting local registry", "Starting control-plane container", "Starting WASI node", "Starting etcd",
                "Starting API server", "Creating bootstrap token and node RBAC", "Creating node configuration ConfigMap",
                "Creating local-registry-hosting ConfigMap", "Registering WASI node", "Issuing admin kubeconfig");
        assertThat(steps(Map.of(), true, true)).extracting(Step::action)
                .contains("start the API server", "issue the admin kubeconfig");
    }

    @Test
    void aHostWithAnEndpointRoutesTheClusterBeforeItsKubeconfigIsIssued() {
        assertThat(classes(steps(Map.of("hearth.agent.images.endpoint", "hearth/endpoint:t1"), false, false)))
                .endsWith(RouteEndpoint.class, IssueKubeconfig.class);
        assertThat(classes(steps(Map.of(), false, false))).doesNotContain(RouteEndpoint.class);
    }

    @Test
    void theEndpointIsRoutedWhileTheWasiNodeJoinsNotAfter() {
        assertThat(classes(steps(Map.of("hearth.agent.images.endpoint", "hearth/endpoint:t1"), true, true)))
                .endsWith(RouteEndpoint.class, RegisterWasiNode.class, IssueKubeconfig.class);
    }

    @Test
    void withoutAWasiNodeImageNodesCanStillJoinLater() {
        AgentSettings settings = TestSettings.defaults();
        var plan = new ClusterPlanner(settings).plan(cluster(true, true));

        assertThat(classes(new ProvisionSteps(null, null, null, null, settings).of(plan)))
                .as("bootstrap and node config stay").contains(ConfigureNodeBootstrap.class, CreateNodeConfig.class)
                .doesNotContain(StartWasiNode.class, RegisterWasiNode.class);
    }

    /** The steps of a cluster with those gates; no step touches its (absent) Docker client until it runs. */
    private static List<Step> steps(Map<String, String> overrides, boolean localRegistry, boolean krustlet) {
        Map<String, String> all = new HashMap<>(WITH_WASI_IMAGE);
        all.putAll(overrides);
        AgentSettings settings = TestSettings.with(all);
        return new ProvisionSteps(null, null, null, null, settings)
                .of(new ClusterPlanner(settings).plan(cluster(localRegistry, krustlet)));
    }

    private static List<Class<?>> classes(List<Step> steps) {
        return steps.stream().<Class<?>>map(Object::getClass).toList();
    }

    private static DesiredCluster cluster(boolean localRegistry, boolean krustlet) {
        return new DesiredCluster("c42", "alice", new ClusterConfig(new FeatureGates(localRegistry, krustlet), Map.of()), 3);
    }
}
