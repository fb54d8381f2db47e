package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterClients;
import dev.hearth.backend.cluster.ClusterInspection;
import dev.hearth.backend.cluster.ClusterInspector;
import dev.hearth.backend.cluster.ClusterNode;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.demo.DemoFacts.NodeCheck;
import dev.hearth.backend.problem.ConflictProblem;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The demo's view of the caller's clusters: which one it uses, whether that one is READY with its
 * WASI node, and a client for it. Ownership is {@link ClusterService}'s: another user's cluster id
 * is a 404 here as everywhere.
 */
@ApplicationScoped
public class DemoClusters {

    /** Krustlet's and Hearth's WASI node architecture label value. */
    static final String WASI_ARCH = "wasm32-wasi";

    private final ClusterService clusters;
    private final ClusterInspector inspector;
    private final DemoSettings settings;
    /** Quarkus's own Vert.x, so each short-lived client does not start (and leak) threads of its own. */
    private final ClusterClients clients;

    public DemoClusters(ClusterService clusters, ClusterInspector inspector, DemoSettings settings, ClusterClients clients) {
        this.clusters = clusters;
        this.inspector = inspector;
        this.settings = settings;
        this.clients = clients;
    }

    /**
     * The cluster the demo should use: {@code wanted} when given (404 if not the caller's); else the
     * one it used so far while that one lives; else the caller's newest READY cluster, else newest of any.
     */
    public Optional<ClusterView> choose(String wanted, String current) {
        if (wanted != null && !wanted.isBlank()) {
            return Optional.of(clusters.get(wanted.strip()));
        }
        List<ClusterView> mine = clusters.list();
        Optional<ClusterView> kept = mine.stream()
                .filter(c -> c.id().equals(current) && c.phase() != ClusterPhase.DELETING).findFirst();
        if (kept.isPresent()) {
            return kept;
        }
        return mine.stream().filter(c -> c.phase() == ClusterPhase.READY).findFirst()
                .or(() -> mine.stream().filter(c -> c.phase() != ClusterPhase.DELETING).findFirst());
    }

    /**
     * The cluster entity, for its host and expiry, once it is READY.
     *
     * @throws ConflictProblem when it is not READY, saying what it is
     */
    public Cluster requireReady(ClusterView view) {
        if (view.phase() != ClusterPhase.READY) {
            throw new ConflictProblem("cluster-not-ready", "Cluster not ready", "cluster " + view.id() + " is "
                    + view.phase() + "; builds and runs need a READY cluster");
        }
        Cluster cluster = Cluster.findById(view.id());
        if (cluster == null || cluster.hostId == null) {
            throw new ConflictProblem("cluster-not-ready", "Cluster not ready",
                    "cluster " + view.id() + " has no host yet");
        }
        return cluster;
    }

    /** Whether the cluster's WASI node (kubernetes.io/arch=wasm32-wasi) is Ready, asked of its API server. */
    public NodeCheck wasiNode(String clusterId) {
        ClusterInspection inspection = inspector.inspect(clusterId);
        if (!inspection.answered()) {
            return new NodeCheck(false, false, inspection.problem());
        }
        Optional<ClusterNode> node = inspection.nodes().stream().filter(n -> WASI_ARCH.equals(n.arch())).findFirst();
        if (node.isEmpty()) {
            return new NodeCheck(true, false, "Cluster " + clusterId + " has no WASI node yet.");
        }
        if (!node.get().status().equals("Ready")) {
            return new NodeCheck(true, false, "WASI node " + node.get().name() + " is " + node.get().status() + ".");
        }
        return new NodeCheck(true, true, "Cluster " + clusterId + " is READY; its WASI node " + node.get().name()
                + " is Ready.");
    }

    /** A client for one of the caller's READY clusters, with the demo's timeouts; shared, never closed by the caller. */
    public KubernetesClient client(String clusterId) {
        return clients.of(clusters.kubeconfig(clusterId), settings.clusterTimeout());
    }
}
