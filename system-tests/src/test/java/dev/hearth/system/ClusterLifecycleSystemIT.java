package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A participant's whole cluster, end to end through the packaged backend and a real agent: request
 * through the API → READY → the downloaded kubeconfig works with stock kubectl, the WASI node is
 * Ready → the KEP-1755 ConfigMap is there → delete → DELETED, and nothing labelled with the cluster is left in Docker.
 */
@Timeout(300)
class ClusterLifecycleSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration DELETED_WITHIN = Duration.ofMinutes(1);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static Agent agent;

    @BeforeAll
    static void agent() {
        agent = STACK.startAgent("a");
    }

    @Test
    void aRequestedClusterWorksWithKubectlAndLeavesNothingBehindWhenDeleted() throws Exception {
        HearthApi api = STACK.api();
        ClusterState requested = api.requestCluster("lifecycle");
        assertThat(requested.phase()).isIn(Phase.REQUESTED, Phase.SCHEDULED);

        ClusterState ready = api.awaitPhase(requested.id(), Phase.READY, READY_WITHIN);
        assertThat(ready.host()).isEqualTo(agent.hostId());
        assertThat(ready.apiEndpoint()).matches("https://127\\.0\\.0\\.1:\\d+");
        assertThat(api.events(requested.id())).extracting(ClusterEvent::phase)
                .as("the lifecycle as the events tell it")
                .containsSubsequence(Phase.REQUESTED, Phase.SCHEDULED, Phase.PROVISIONING, Phase.READY);

        Path kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(requested.id() + "-kubeconfig.yaml"),
                api.kubeconfig(requested.id()));
        Kubectl kubectl = Kubectl.withKubeconfig(kubeconfig);
        assertThat(kubectl.run("get", "--raw", "/readyz").strip()).isEqualTo("ok");
        assertThat(kubectl.run("get", "ns", "-o", "name").lines()).contains("namespace/kube-system", "namespace/default");
        theWasiNodeIsReady(kubectl);
        theLocalRegistryIsAdvertisedAsKep1755Says(kubectl);

        assertThat(STACK.docker().objectsOfCluster(requested.id())).as("the cluster's Docker objects while it runs")
                .anyMatch(object -> object.startsWith("container") && object.contains("control-plane"))
                .anyMatch(object -> object.startsWith("container") && object.endsWith("-wasi"))
                .anyMatch(object -> object.equals("network hearth-" + requested.id()));

        assertThat(api.deleteCluster(requested.id()).phase()).isIn(Phase.DELETING, Phase.DELETED);
        api.awaitPhase(requested.id(), Phase.DELETED, DELETED_WITHIN);
        assertThat(STACK.docker().objectsOfCluster(requested.id()))
                .as("containers, networks and volumes labelled dev.hearth.cluster=" + requested.id()).isEmpty();
        assertThat(api.host(agent.hostId()).status()).as("the host stays healthy").isEqualTo("ONLINE");
    }

    /** READY includes the WASI node (docs/architecture.md, "Cluster lifecycle"): {@code <name>-wasi}, Ready, with Krustlet's labels and taints. */
    private static void theWasiNodeIsReady(Kubectl kubectl) throws Exception {
        assertThat(NodeImages.wasiNode()).as("the WASI node image node-image/build-images.sh prints").isPresent();
        JsonNode node = YAML.readTree(kubectl.run("get", "node", "lifecycle-wasi", "-o", "yaml"));
        assertThat(node.path("metadata").path("labels").path("kubernetes.io/arch").asText()).isEqualTo("wasm32-wasi");
        assertThat(node.path("metadata").path("labels").path("type").asText()).isEqualTo("krustlet");
        assertThat(node.path("spec").path("taints").findValuesAsText("effect")).contains("NoSchedule", "NoExecute");
        JsonNode ready = null;
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                ready = condition;
            }
        }
        assertThat(ready).as("the node's Ready condition").isNotNull();
        assertThat(ready.path("status").asText()).as("Ready: %s", ready).isEqualTo("True");
    }

    /** KEP-1755: kube-public/local-registry-hosting, key localRegistryHosting.v1. */
    private static void theLocalRegistryIsAdvertisedAsKep1755Says(Kubectl kubectl) throws Exception {
        JsonNode configMap = YAML.readTree(kubectl.run("get", "configmap", "-n", "kube-public", "local-registry-hosting",
                "-o", "yaml"));
        assertThat(configMap.path("data").size()).as("keys of the ConfigMap").isEqualTo(1);
        JsonNode hosting = YAML.readTree(configMap.path("data").path("localRegistryHosting.v1").asText());
        assertThat(YAML.convertValue(hosting, Map.class)).isEqualTo(Map.of(
                "host", "localhost:" + agent.registryPort(),
                "hostFromContainerRuntime", "hearth-registry:5000",
                "hostFromClusterNetwork", "hearth-registry:5000",
                "help", "https://github.com/kubernetes/enhancements/tree/master/keps/sig-cluster-lifecycle/generic/"
                        + "1755-communicating-a-local-registry"));
    }
}
