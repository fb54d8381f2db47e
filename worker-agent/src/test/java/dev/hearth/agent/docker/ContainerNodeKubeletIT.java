package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ContainerNodeIsolation;
import dev.hearth.agent.plan.HearthLabels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream kubelet (the multi-call binary's, v1.36.3) in a container node isolated as
 * docs/container-node.md says, on the real Docker engine: standalone, with a static pod whose container
 * prints a line and sleeps under a 32 MiB limit. What a user would notice: the pod runs, its process is
 * the node's own host uid (root inside the node only), and its memory limit is enforced in the node's
 * delegated cgroups, under kubelet's QoS hierarchy, and it has an address from the CNI bridge kubelet's
 * runtime made in the node's own network namespace. Joining an API server is not part of this test (the
 * node has no way out of its network namespace yet: docs/container-node.md, "Not yet").
 */
class ContainerNodeKubeletIT {

    private static final int NODE_UID = 400_000;
    private static final long POD_LIMIT = 32L << 20;
    private static final String MARKER = "HELLO-FROM-A-POD";
    private static final List<String> SCRIPTS = List.of("kubelet-root.sh", "kubelet-pivot.sh", "kubelet.sh");

    private static final CgroupDelegation cgroups = new CgroupDelegation();
    private static TestHost host;
    private static Path shared;
    private static String cluster;

    @BeforeAll
    static void startANodeWithKubelet() throws IOException {
        host = new TestHost();
        String pause = NodeImages.pause();
        String base = NodeImages.base();
        Path binaries = NodeImages.containerNodeBinaries().resolve("bin");
        shared = Files.createTempDirectory("hearth-kubelet-test");
        Files.createDirectories(shared.resolve("manifests"));
        for (String script : SCRIPTS) {
            try (InputStream in = ContainerNodeKubeletIT.class.getResourceAsStream("/container-node/" + script)) {
                Files.copy(in, shared.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (InputStream image = host.client().saveImageCmd(pause).exec();
                InputStream shell = host.client().saveImageCmd(base).exec()) {
            Files.copy(image, shared.resolve("pause.tar"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(shell, shared.resolve("base.tar"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(shared.resolve("sandbox-image"), "docker.io/" + pause);
        Files.writeString(shared.resolve("manifests/hello.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: hello
                spec:
                  containers:
                  - name: hello
                    image: docker.io/%s
                    command: ["bash", "-c", "echo %s; exec sleep 3600"]
                    resources:
                      limits:
                        memory: %d
                """.formatted(base, MARKER, POD_LIMIT));
        readableByTheNode(shared);

        cluster = "kl-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "hearth-" + cluster + "-node";
        ContainerNodeIsolation isolation = ContainerNodeIsolation.forUid(NODE_UID, 2048);
        List<String> entrypoint = new ArrayList<>(ContainerNodeIsolation.INIT);
        entrypoint.addAll(List.of("bash", "/opt/hearth-test/kubelet-root.sh"));
        ContainerNodeContainers.create(host.client(), name, NodeImages.controlPlane(), "none",
                HearthLabels.of(cluster, host.hostId()), isolation, cgroups.delegate(cluster, NODE_UID, 2L << 30, 2048),
                List.of(new Bind(binaries.toString(), new Volume("/opt/hearth-node/bin"), AccessMode.ro),
                        new Bind(shared.toString(), new Volume("/opt/hearth-test"), AccessMode.ro)),
                entrypoint);
        host.client().startContainerCmd(name).exec();
        NodeIdMap.write(host.client(), name, isolation);
    }

    @AfterAll
    static void removeIt() throws IOException {
        host.close();
        if (cluster != null) {
            cgroups.remove(cluster);
            assertThat(cgroups.exists(cluster)).as("the node's cgroups are gone with it").isFalse();
        }
        if (shared != null) {
            try (Stream<Path> files = Files.walk(shared)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void kubeletRunsAStaticPodAsTheNodesOwnUidWithinItsMemoryLimit() throws IOException {
        Eventually.until("the static pod's container on the host", Duration.ofSeconds(120),
                () -> podProcess().isPresent(), ContainerNodeKubeletIT::kubeletLog);
        long pid = podProcess().orElseThrow();

        assertThat(uid(pid)).as("root inside the node is the node's uid on the host").isEqualTo(NODE_UID);
        String memory = memoryCgroup(pid);
        assertThat(memory).as("kubelet's QoS cgroups, inside the node's delegated subtree")
                .startsWith("/hearth-" + cluster + "/kubepods/");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory" + memory, "memory.limit_in_bytes")).strip())
                .isEqualTo(Long.toString(POD_LIMIT));
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "net/fib_trie")))
                .as("the pod's address, from the CNI bridge in the node's own network namespace").contains("10.244.0.");
    }

    /** The pod's {@code sleep}, found by its cgroup under this node's subtree. */
    private static Optional<Long> podProcess() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("cmdline")).startsWith("sleep\0" + "3600")
                                    && memoryCgroup(Long.parseLong(p.getFileName().toString()))
                                            .startsWith("/hearth-" + cluster + "/kubepods/");
                        } catch (IOException | RuntimeException e) {
                            return false; // ended while being read
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String memoryCgroup(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(line -> line.contains(":memory:"))
                    .map(line -> line.substring(line.indexOf(":memory:") + ":memory:".length()))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static int uid(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).map(line -> Integer.parseInt(line.split("\\s+")[1]))
                .findFirst().orElseThrow();
    }

    /** What went wrong, when the pod does not appear: the node container's output (kubelet logs to it). */
    private static String kubeletLog() {
        var output = new java.io.ByteArrayOutputStream();
        try {
            host.client().logContainerCmd("hearth-" + cluster + "-node").withStdOut(true).withStdErr(true).withTail(40)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            output.writeBytes(frame.getPayload());
                        }
                    }).awaitCompletion(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return output.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void readableByTheNode(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) || file.toString().endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
