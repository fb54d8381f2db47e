package dev.hearth.wasmnode.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node object as Krustlet registered it (docs/wasm-node.md), so workloads written for Krustlet — a
 * {@code nodeSelector} on {@code kubernetes.io/arch: wasm32-wasi} and a toleration of its taints — run
 * here unchanged, and nothing else is scheduled onto the node.
 */
public final class NodeObjects {

    public static final String FIELD_MANAGER = "hearth-wasm-node";

    private NodeObjects() {}

    public static Map<String, String> labels(String nodeName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/arch", NodeInfo.WASI_PLATFORM);
        labels.put("beta.kubernetes.io/arch", NodeInfo.WASI_PLATFORM);
        labels.put("kubernetes.io/os", NodeInfo.WASI_PLATFORM);
        labels.put("beta.kubernetes.io/os", NodeInfo.WASI_PLATFORM);
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("type", "krustlet");
        return labels;
    }

    public static List<Taint> taints() {
        return List.of(taint("NoSchedule"), taint("NoExecute"));
    }

    /** The object the node creates: metadata and spec; the status follows as a subresource. */
    public static Node registration(String nodeName) {
        return new NodeBuilder()
                .withNewMetadata().withName(nodeName).withLabels(labels(nodeName)).endMetadata()
                .withNewSpec().withTaints(taints()).endSpec()
                .build();
    }

    /** The labels alone, applied to a Node that exists already (a node may not change its taints). */
    public static Node labelsOnly(String nodeName) {
        return new NodeBuilder()
                .withApiVersion("v1").withKind("Node")
                .withNewMetadata().withName(nodeName).withLabels(labels(nodeName)).endMetadata()
                .build();
    }

    /**
     * The status the node applies (server-side apply; every field the node owns is in it each time).
     *
     * @param ready whether the node takes pods
     * @param readySince when {@code ready} last changed
     */
    public static Node status(String nodeName, NodeAddresses addresses, int kubeletPort, NodeResources resources,
            NodeInfo info, boolean ready, String readyMessage, Instant readySince, Instant now) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(resources.cpus())));
        capacity.put("memory", new Quantity(resources.memoryBytes() / 1024 + "Ki"));
        capacity.put("ephemeral-storage", new Quantity(resources.ephemeralStorageBytes() / 1024 + "Ki"));
        capacity.put("pods", new Quantity(Integer.toString(resources.pods())));
        NodeCondition readiness = new NodeConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                .withMessage(readyMessage)
                .withLastHeartbeatTime(now.toString())
                .withLastTransitionTime(readySince.toString())
                .build();
        return new NodeBuilder()
                .withApiVersion("v1").withKind("Node")
                .withNewMetadata().withName(nodeName).endMetadata()
                .withNewStatus()
                    .withCapacity(capacity)
                    .withAllocatable(capacity)
                    .withConditions(readiness)
                    .addNewAddress().withType("InternalIP").withAddress(addresses.internalIp().getHostAddress()).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(addresses.hostname()).endAddress()
                    .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint().endDaemonEndpoints()
                    .withNewNodeInfo()
                        .withArchitecture(NodeInfo.ARCHITECTURE)
                        .withOperatingSystem(NodeInfo.WASI_PLATFORM)
                        .withKubeletVersion(info.kubeletVersion())
                        .withKubeProxyVersion("")
                        .withContainerRuntimeVersion(info.containerRuntimeVersion())
                        .withKernelVersion(info.kernelVersion())
                        .withOsImage(info.osImage())
                        .withMachineID(info.machineId())
                        .withSystemUUID(info.systemUuid())
                        .withBootID(info.bootId())
                    .endNodeInfo()
                .endStatus()
                .build();
    }

    private static Taint taint(String effect) {
        return new TaintBuilder().withKey("kubernetes.io/arch").withValue(NodeInfo.WASI_PLATFORM).withEffect(effect).build();
    }
}
