package dev.hearth.wasmnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node as its container runs it: {@code WasmNode.main} configured from the environment, stopped by SIGTERM. */
@Timeout(180)
class WasmNodeProcessIT {

    @TempDir
    Path state;

    @Test
    void joinsFromItsEnvironmentAndExitsCleanlyOnSigtermKeepingItsNode() throws Exception {
        TestCluster cluster = TestCluster.shared();
        KubernetesClient admin = cluster.admin();
        String name = "process-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        Files.writeString(state.resolve("bootstrap-kubeconfig"), cluster.bootstrapKubeconfig());
        int port = freePort();
        Path output = state.resolve("wasm-node.out");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), WasmNode.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("HEARTH_NODE_NAME", name);
        builder.environment().put("HEARTH_STATE_DIR", state.toString());
        // Not the default under /var/lib/hearth: this node runs on the test machine itself (no pod makes it here).
        builder.environment().put("HEARTH_PODS_DIR", state.resolveSibling(state.getFileName() + "-pods").toString());
        builder.environment().put("HEARTH_KUBELET_PORT", Integer.toString(port));
        Process node = builder.start();
        try {
            TestCluster.waitFor(Duration.ofSeconds(90), "node " + name + " to be Ready", () -> "True".equals(ready(admin, name)));
            Node registered = admin.nodes().withName(name).get();
            assertThat(registered.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(port);
            assertThat(registered.getStatus().getAddresses().getFirst().getAddress())
                    .as("the address on the route to the API server").isEqualTo("127.0.0.1");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("kubeconfig"))))
                    .as("the node's key is for the node only").isEqualTo("rw-------");

            node.destroy();

            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("the node exits after SIGTERM").isTrue();
            assertThat(node.exitValue()).as("exit status; output:\n" + Files.readString(output)).isZero();
            assertThat(admin.nodes().withName(name).get()).as("the Node object is kept").isNotNull();
            assertThat(ready(admin, name)).isEqualTo("False");
        } finally {
            node.destroyForcibly();
            admin.nodes().withName(name).delete();
        }
    }

    private static String ready(KubernetesClient admin, String name) {
        Node node = admin.nodes().withName(name).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "missing";
        }
        return node.getStatus().getConditions().stream().filter(condition -> condition.getType().equals("Ready"))
                .map(NodeCondition::getStatus).findFirst().orElse("missing");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
