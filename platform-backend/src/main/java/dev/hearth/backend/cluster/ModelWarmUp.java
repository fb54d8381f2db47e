package dev.hearth.backend.cluster;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceListBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.ServiceListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/**
 * Reads once, at start-up, each kind of list the pages ask a cluster for (pods, nodes, namespaces,
 * services), filled the way an API server fills them, through the serialization every cluster client
 * shares. The first read of a kind loads a few hundred model classes and builds their deserializers:
 * seconds on a busy 2-core host, which the first page to list a cluster's pods spent inside its
 * {@code hearth.inspector.timeout} and showed as "did not answer".
 */
final class ModelWarmUp {

    private ModelWarmUp() {
    }

    static void warm(KubernetesSerialization serialization) {
        for (KubernetesResource list : samples()) {
            serialization.unmarshal(serialization.asJson(list), list.getClass());
        }
    }

    private static List<KubernetesResource> samples() {
        return List.of(
                new PodListBuilder().addNewItem()
                        .withNewMetadata().withName("p").withNamespace("n").withUid("u").withCreationTimestamp("2026-01-01T00:00:00Z")
                        .addToLabels("app", "a").addToAnnotations("a", "b").addNewOwnerReference().withKind("Job").endOwnerReference()
                        .endMetadata()
                        .withNewSpec().withNodeName("node").addNewContainer().withName("c").withImage("i")
                        .addNewPort().withName("http").withContainerPort(80).endPort()
                        .addNewEnv().withName("E").withValue("v").endEnv()
                        .withNewResources().addToLimits("memory", new Quantity("1Mi")).endResources()
                        .addNewVolumeMount().withName("v").withMountPath("/v").endVolumeMount()
                        .endContainer()
                        .addNewVolume().withName("v").withNewConfigMap().withName("cm").endConfigMap().endVolume()
                        .addNewToleration().withKey("k").endToleration()
                        .endSpec()
                        .withNewStatus().withPhase("Running").withPodIP("10.0.0.1").addNewCondition().withType("Ready").endCondition()
                        .addNewContainerStatus().withName("c").withNewState().withNewTerminated().withExitCode(0).endTerminated()
                        .endState().withNewLastState().withNewWaiting().withReason("r").endWaiting().endLastState()
                        .endContainerStatus()
                        .endStatus()
                        .endItem().build(),
                new NodeListBuilder().addNewItem().withNewMetadata().withName("node").endMetadata()
                        .withNewSpec().addNewTaint().withKey("k").withEffect("NoSchedule").endTaint().endSpec()
                        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                        .withNewNodeInfo().withKubeletVersion("v1").endNodeInfo()
                        .addToCapacity("cpu", new Quantity("1")).endStatus()
                        .endItem().build(),
                new NamespaceListBuilder().addNewItem().withNewMetadata().withName("n").endMetadata()
                        .withNewStatus().withPhase("Active").endStatus().endItem().build(),
                new ServiceListBuilder().addNewItem().withNewMetadata().withName("s").endMetadata()
                        .withNewSpec().addToSelector("app", "a").addNewPort().withName("http").withPort(80)
                        .withNewTargetPort("http").endPort().endSpec().endItem().build());
    }
}
