package dev.hearth.wasmnode.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the node's Node object and heartbeat in the cluster: registers it, reports its status, renews
 * its Lease, and registers it again when someone deletes it (the kubelet does the same, so
 * {@code kubectl delete node} on a live node is undone). One thread does all of it, in order; the
 * informer watching the Node only hands work to that thread.
 */
public final class NodeRegistration implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeRegistration.class.getName());
    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(NodeObjects.FIELD_MANAGER).withForce(true).build();

    private final KubernetesClient kubernetes;
    private final String nodeName;
    private final NodeAddresses addresses;
    private final int kubeletPort;
    private final Supplier<NodeResources> resources;
    private final NodeInfo info;
    private final NodeLease lease;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("node-registration").daemon(true).factory());
    private SharedIndexInformer<Node> informer;
    private volatile String nodeUid;
    private boolean ready = true;
    private String readyMessage = "wasm-node is posting ready status";
    private Instant readySince;

    public NodeRegistration(KubernetesClient kubernetes, String nodeName, NodeAddresses addresses, int kubeletPort,
            Supplier<NodeResources> resources, NodeInfo info, NodeLease lease, Clock clock) {
        this.kubernetes = kubernetes;
        this.nodeName = nodeName;
        this.addresses = addresses;
        this.kubeletPort = kubeletPort;
        this.resources = resources;
        this.info = info;
        this.lease = lease;
        this.clock = clock;
        this.readySince = clock.instant();
    }

    /** Registers the node now (failing loudly if it cannot), then keeps it registered and alive. */
    public void start(Duration leaseInterval, Duration statusInterval) {
        await(worker.submit(this::register));
        worker.scheduleWithFixedDelay(() -> quietly("renew its lease", this::renewLease),
                leaseInterval.toMillis(), leaseInterval.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(() -> quietly("report its status", this::reportStatus),
                statusInterval.toMillis(), statusInterval.toMillis(), TimeUnit.MILLISECONDS);
        informer = kubernetes.nodes().withName(nodeName).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {}

            @Override
            public void onUpdate(Node before, Node after) {}

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                worker.execute(() -> quietly("register again after its Node was deleted", NodeRegistration.this::register));
            }
        }, 0);
    }

    /** Reports the node not ready (on shutdown), keeping the Node object. */
    public void markNotReady(String message) {
        await(worker.submit(() -> {
            ready = false;
            readyMessage = message;
            readySince = clock.instant();
            reportStatus();
        }));
    }

    public String nodeUid() {
        return nodeUid;
    }

    private void register() {
        try {
            nodeUid = kubernetes.nodes().resource(NodeObjects.registration(nodeName)).create().getMetadata().getUid();
            LOG.log(Level.INFO, "registered node {0}", nodeName);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Registered before (a restart): its taints stay as they are, since a node may not change them.
            nodeUid = kubernetes.nodes().resource(NodeObjects.labelsOnly(nodeName))
                    .fieldManager(NodeObjects.FIELD_MANAGER).forceConflicts().serverSideApply().getMetadata().getUid();
            LOG.log(Level.INFO, "node {0} was registered already", nodeName);
        }
        reportStatus();
        renewLease();
    }

    private void reportStatus() {
        Node status = NodeObjects.status(nodeName, addresses, kubeletPort, resources.get(), info, ready, readyMessage,
                readySince, clock.instant());
        try {
            kubernetes.nodes().withName(nodeName).subresource("status").patch(APPLY, status);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND || !ready) {
                throw e;
            }
            register();
        }
    }

    private void renewLease() {
        lease.renew(nodeUid);
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // The next round tries again; a node that cannot reach its API server for long goes NotReady.
            LOG.log(Level.WARNING, "node {0} failed to {1}: {2}", nodeName, what, e.getMessage());
        }
    }

    private static void await(java.util.concurrent.Future<?> work) {
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the node", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        worker.shutdownNow();
    }
}
