package dev.hearth.wasmnode.node;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * The node's heartbeat: {@code kube-node-lease/<node>}, renewed every few seconds (10 s, as the
 * kubelet). The node lifecycle controller marks a node whose lease lapses NotReady and evicts its
 * pods, so this is what keeps the node Ready between status reports. Owned by the Node, so deleting
 * the Node collects it.
 */
public final class NodeLease {

    public static final String NAMESPACE = "kube-node-lease";

    private final KubernetesClient kubernetes;
    private final String nodeName;
    private final Duration duration;
    private final Clock clock;

    /** @param duration how long the lease holds without renewal (the kubelet uses 40 s) */
    public NodeLease(KubernetesClient kubernetes, String nodeName, Duration duration, Clock clock) {
        this.kubernetes = kubernetes;
        this.nodeName = nodeName;
        this.duration = duration;
        this.clock = clock;
    }

    /**
     * Renews (or creates) the lease by server-side apply.
     *
     * @param nodeUid the Node's uid, which the lease names as its owner
     */
    public Lease renew(String nodeUid) {
        Lease lease = new LeaseBuilder()
                .withNewMetadata()
                    .withName(nodeName)
                    .withNamespace(NAMESPACE)
                    .addNewOwnerReference()
                        .withApiVersion("v1").withKind("Node").withName(nodeName).withUid(nodeUid)
                    .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                    .withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds((int) duration.toSeconds())
                    .withRenewTime(clock.instant().atZone(ZoneOffset.UTC))
                .endSpec()
                .build();
        return kubernetes.leases().inNamespace(NAMESPACE).resource(lease)
                .fieldManager(NodeObjects.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
