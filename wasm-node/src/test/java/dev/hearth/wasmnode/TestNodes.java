package dev.hearth.wasmnode;

import dev.hearth.wasmnode.cluster.TestCluster;
import dev.hearth.wasmnode.logs.LogLimits;
import dev.hearth.wasmnode.pod.BackoffPolicy;
import dev.hearth.wasmnode.pod.BasicSandboxFactory;
import dev.hearth.wasmnode.volume.PodSandboxFactory;
import dev.hearth.wasmnode.volume.VolumeLimits;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts WASI nodes against the test cluster, joining with its bootstrap kubeconfig, with quick timings. */
public final class TestNodes {

    /** Log files small enough that a flood test rotates them many times. */
    public static final LogLimits LOG_LIMITS = new LogLimits(1024 * 1024, 2);

    private TestNodes() {}

    public static NodeSettings settings(String name, Path stateDir) {
        return settings(name, stateDir, TestCluster.shared().bootstrapToken());
    }

    /** Settings of a node that joins with {@code bootstrapToken}, which the cluster may not know yet. */
    public static NodeSettings settings(String name, Path stateDir, String bootstrapToken) {
        return settings(name, stateDir, bootstrapToken, 0.8);
    }

    /**
     * Settings of a node that rewrites projected service-account tokens after {@code tokenRefreshFraction}
     * of their lifetime (the API server's shortest is 600 s: 0.005 makes that 3 s).
     */
    public static NodeSettings settings(String name, Path stateDir, String bootstrapToken, double tokenRefreshFraction) {
        // Nodes started with BasicSandboxFactory make no pod volumes; the path only has to lie apart.
        return settings(name, stateDir, bootstrapToken, stateDir.resolveSibling(stateDir.getFileName() + "-pods"), 50, 50,
                VolumeLimits.DEFAULT, tokenRefreshFraction);
    }

    /** Settings of a node with its own capacity and pods' directory, for tests of admission and volumes. */
    public static NodeSettings settings(String name, Path stateDir, Path podsDir, int maxPods, int maxModules,
            VolumeLimits volumeLimits) {
        return settings(name, stateDir, TestCluster.shared().bootstrapToken(), podsDir, maxPods, maxModules, volumeLimits, 0.8);
    }

    private static NodeSettings settings(String name, Path stateDir, String bootstrapToken, Path podsDir, int maxPods,
            int maxModules, VolumeLimits volumeLimits, double tokenRefreshFraction) {
        TestCluster cluster = TestCluster.shared();
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateDir.resolve("bootstrap-kubeconfig"), cluster.bootstrapKubeconfig(bootstrapToken));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NodeSettings(name, stateDir, Optional.empty(), stateDir.resolve("bootstrap-kubeconfig"),
                Optional.empty(), Optional.empty(), Optional.of("127.0.0.1"), 0, maxPods, maxModules, podsDir, volumeLimits,
                Duration.ofSeconds(2), Duration.ofSeconds(5),
                new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4)),
                new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4)),
                LOG_LIMITS, List.of(), Map.of(), tokenRefreshFraction);
    }

    /** A node running pods with the node's own volume mapping ({@link PodSandboxFactory}) and the test images. */
    public static WasmNode startWithVolumes(NodeSettings settings) {
        return WasmNode.start(settings, (kubernetes, addresses) -> new TestImages(),
                (kubernetes, addresses) -> WasmNode.podSandboxes(settings, kubernetes, addresses, Clock.systemUTC()),
                Clock.systemUTC());
    }

    public static WasmNode start(NodeSettings settings) {
        return WasmNode.start(settings, new TestImages(), new BasicSandboxFactory(), Clock.systemUTC());
    }

    /**
     * A pod bound to {@code nodeName} that tolerates the WASI node's taints, with {@code restartPolicy};
     * the caller adds its containers.
     */
    public static PodBuilder pod(String nodeName, String namespace, String name, String restartPolicy) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec()
                    .withNodeName(nodeName)
                    .withRestartPolicy(restartPolicy)
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoExecute").endToleration()
                .endSpec();
    }
}
