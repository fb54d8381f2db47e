package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container runtime inside two tenants' container nodes, isolated as docs/container-node.md says, on
 * the real Docker engine: containerd (from the module proxy, node-image/build-container-node.sh) runs as
 * root of each node's own user namespace — its 65 536 ids mapped by the agent ({@link NodeIdMap}) — with
 * the node's own cgroup subtree ({@link CgroupDelegation}), and starts a container (the pause image built
 * from upstream's C source). What a user of the node would notice: the container runs, as an id of that
 * node's host range and never another tenant's, with the memory limit it was given, inside the budget
 * the agent set, which the node cannot raise.
 */
class ContainerNodeRuntimeIT {

    private static final int ALICE_UID = 200_000;
    private static final int BOB_UID = 300_000;
    private static final long BUDGET = 1L << 30;
    private static final long POD_LIMIT = 64L << 20;
    private static final List<String> DANGEROUS_CAPABILITIES = List.of("CAP_SYS_ADMIN", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_MKNOD", "CAP_SYS_PTRACE", "CAP_SYS_BOOT", "CAP_DAC_READ_SEARCH", "CAP_BPF",
            "CAP_PERFMON", "CAP_SYSLOG", "CAP_SYS_TIME", "CAP_NET_ADMIN");
    private static final String CTR = "/opt/hearth-node/bin/ctr -a /tmp/node/containerd.sock ";

    private static final CgroupDelegation cgroups = new CgroupDelegation();
    private static TestHost host;
    private static Path shared;
    private static String pauseRef;
    private static String baseRef;
    private static final Path HOST_MARKER = Path.of("/tmp/hearth-host-" + UUID.randomUUID());
    private static String alice;
    private static String bob;
    private static final List<String> clusters = new ArrayList<>();

    @BeforeAll
    static void startTwoNodesWithARuntime() throws IOException {
        host = new TestHost();
        pauseRef = NodeImages.pause();
        baseRef = NodeImages.base();
        Files.writeString(HOST_MARKER, "the host's file system");
        Path binaries = NodeImages.containerNodeBinaries().resolve("bin");
        shared = Files.createTempDirectory("hearth-node-test");
        try (InputStream script = ContainerNodeRuntimeIT.class.getResourceAsStream("/container-node/node.sh");
                InputStream image = host.client().saveImageCmd(pauseRef).exec();
                InputStream base = host.client().saveImageCmd(baseRef).exec()) {
            Files.copy(script, shared.resolve("node.sh"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(image, shared.resolve("pause.tar"), StandardCopyOption.REPLACE_EXISTING);
            // A shell, perl and util-linux for the escape attempts from a privileged container in a node.
            Files.copy(base, shared.resolve("base.tar"), StandardCopyOption.REPLACE_EXISTING);
        }
        // The node's uid reads them through the bind mount; the temporary directory is root's only.
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared.resolve("node.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared.resolve("pause.tar"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(shared.resolve("base.tar"), PosixFilePermissions.fromString("rw-r--r--"));
        List<Bind> binds = List.of(new Bind(binaries.toString(), new Volume("/opt/hearth-node/bin"), com.github.dockerjava.api.model.AccessMode.ro),
                new Bind(shared.toString(), new Volume("/opt/hearth-test"), com.github.dockerjava.api.model.AccessMode.ro));
        alice = start("alice", ALICE_UID, binds);
        bob = start("bob", BOB_UID, binds);
    }

    @AfterAll
    static void removeThem() throws IOException {
        host.close();
        Files.deleteIfExists(HOST_MARKER);
        for (String cluster : clusters) {
            cgroups.remove(cluster);
        }
        if (shared != null) {
            try (Stream<Path> files = Files.list(shared)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(shared);
        }
        for (String cluster : clusters) {
            assertThat(cgroups.exists(cluster)).as("the cgroup subtree of " + cluster + " is gone with its node").isFalse();
        }
    }

    private static String start(String tenant, int uid, List<Bind> binds) {
        String cluster = "rt-" + tenant + "-" + UUID.randomUUID().toString().substring(0, 6);
        clusters.add(cluster);
        String name = "hearth-" + cluster + "-node";
        ContainerNodeIsolation isolation = ContainerNodeIsolation.forUid(uid, 512);
        List<String> entrypoint = new ArrayList<>(ContainerNodeIsolation.INIT);
        entrypoint.addAll(List.of("bash", "/opt/hearth-test/node.sh"));
        ContainerNodeContainers.create(host.client(), name, NodeImages.controlPlane(), "none",
                HearthLabels.of(cluster, host.hostId()), isolation, cgroups.delegate(cluster, uid, BUDGET, 512), binds,
                entrypoint);
        host.client().startContainerCmd(name).exec();
        NodeIdMap.write(host.client(), name, isolation);
        Eventually.until("containerd in " + name + " to answer", Duration.ofSeconds(30),
                () -> exec(name, CTR + "version").contains("Server:"), () -> exec(name, CTR + "version"));
        assertThat(exec(name, CTR + "images import /opt/hearth-test/pause.tar && echo IMPORTED")).contains("IMPORTED");
        return name;
    }

    @Test
    void aContainerRunsInEachNodeAsAnIdOfThatNodesRangeWithTheMemoryLimitItWasGiven() throws IOException {
        for (String node : List.of(alice, bob)) {
            String out = exec(node, CTR + "run -d --fifo-dir /tmp/node/fifo --memory-limit " + POD_LIMIT + " docker.io/"
                    + pauseRef + " pod-1 && echo STARTED");
            assertThat(out).as(node).contains("STARTED");
        }

        HostProcess alicePause = pauseOf(clusters.get(0));
        HostProcess bobPause = pauseOf(clusters.get(1));

        // The pause image runs as 65535: inside alice's namespace, which is alice's last id on the host.
        assertThat(alicePause.uid()).isEqualTo(ALICE_UID + 65_535);
        assertThat(bobPause.uid()).isEqualTo(BOB_UID + 65_535);
        assertThat(alicePause.memoryCgroup()).startsWith("/hearth-" + clusters.get(0) + "/");
        assertThat(read("/sys/fs/cgroup/memory" + alicePause.memoryCgroup() + "/memory.limit_in_bytes"))
                .isEqualTo(Long.toString(POD_LIMIT));
        assertThat(read("/sys/fs/cgroup/memory/hearth-" + clusters.get(0) + "/memory.limit_in_bytes"))
                .as("the node's budget, set by the agent").isEqualTo(Long.toString(BUDGET));
    }

    @Test
    void aNodeCannotRaiseItsBudgetNorReachTheHierarchysRoot() throws IOException {
        String out = exec(alice, """
                echo -1 > /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null && echo RAISED-MEMORY
                echo max > /sys/fs/cgroup/pids/pids.max 2>/dev/null && echo RAISED-PIDS
                echo a > /sys/fs/cgroup/devices/devices.allow 2>/dev/null && echo ALLOWED-DEVICES
                test -e /sys/fs/cgroup/memory/release_agent && echo SEES-RELEASE-AGENT
                mkdir /sys/fs/cgroup/memory/pods 2>/dev/null && rmdir /sys/fs/cgroup/memory/pods && echo MADE-CHILD-CGROUP
                echo checked
                """);

        assertThat(out).contains("checked", "MADE-CHILD-CGROUP")
                .doesNotContain("RAISED-MEMORY", "RAISED-PIDS", "ALLOWED-DEVICES", "SEES-RELEASE-AGENT");
        assertThat(read("/sys/fs/cgroup/memory/hearth-" + clusters.get(0) + "/memory.limit_in_bytes"))
                .isEqualTo(Long.toString(BUDGET));
    }

    @Test
    void aContainerWithTheDangerousCapabilitiesAndTheNodesRootMountedGetsNothingOfTheHost() {
        assertThat(exec(alice, CTR + "images import /opt/hearth-test/base.tar && echo IMPORTED")).contains("IMPORTED");
        String image = "docker.io/" + baseRef;
        String caps = DANGEROUS_CAPABILITIES.stream().map(c -> " --cap-add " + c).reduce("", String::concat);

        // What a cluster-admin's pod can ask for: the capabilities a kind-style escape uses, no seccomp profile
        // of the runtime's own, and hostPath: / (the node's root, rbind, read-write).
        String out = exec(alice, CTR + "run --rm --fifo-dir /tmp/node/fifo" + caps
                + " --mount type=bind,src=/,dst=/host,options=rbind:rw " + image + " escape bash -c '"
                + "caps=$(grep CapEff /proc/self/status | cut -f2); "
                + "echo \"in-container uid $(id -u) sys-admin $(( 0x$caps >> 21 & 1 )) sys-module $(( 0x$caps >> 16 & 1 ))\"; "
                + "test -e /host/opt/hearth-node/bin/containerd && echo SEES-THE-NODE; "
                + "test -e /host" + HOST_MARKER + " && echo SAW-HOST-FILE-THROUGH-HOSTPATH; "
                + "echo h > /proc/sysrq-trigger 2>/dev/null && echo WROTE-SYSRQ; "
                + ContainerNodeIsolationIT.attempts(HOST_MARKER).replace("\n", "; ").replace("'", "\"") + "' 2>&1");

        assertThat(out).as("the container is root with those capabilities, in the node's namespace")
                .contains("in-container uid 0 sys-admin 1 sys-module 1", "SEES-THE-NODE")
                .doesNotContain("SAW-HOST-FILE-THROUGH-HOSTPATH", "WROTE-SYSRQ");
        ContainerNodeIsolationIT.assertEscapesFailed(out);

        // privileged (every capability, every device of the node, read-write /sys) and hostPID (the node's pid
        // namespace is Docker's): the kernel refuses both to the node's runtime, so such a container never starts.
        String privileged = exec(alice, CTR + "run --rm --privileged --fifo-dir /tmp/node/fifo " + image
                + " privileged bash -c 'echo PRIVILEGED-STARTED' 2>&1");
        assertThat(privileged).doesNotContain("PRIVILEGED-STARTED").contains("operation not permitted");
        String hostPid = exec(alice, CTR + "run --rm --fifo-dir /tmp/node/fifo --with-ns pid:/proc/1/ns/pid "
                + image + " host-pid bash -c 'echo JOINED-NODE-PID-NAMESPACE' 2>&1");
        assertThat(hostPid).doesNotContain("JOINED-NODE-PID-NAMESPACE");
    }

    private record HostProcess(long pid, int uid, String memoryCgroup) {
    }

    /** The host's view of the pause process a node started, found by its cgroup under the node's subtree. */
    private static HostProcess pauseOf(String cluster) {
        Eventually.until("the pause container of " + cluster + " on the host", Duration.ofSeconds(20),
                () -> findPause(cluster).isPresent());
        return findPause(cluster).orElseThrow();
    }

    private static Optional<HostProcess> findPause(String cluster) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .map(p -> describe(p, cluster))
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<HostProcess> describe(Path proc, String cluster) {
        try {
            if (!Files.readString(proc.resolve("cmdline")).startsWith("/pause")) {
                return Optional.empty();
            }
            Optional<String> memory = Files.readAllLines(proc.resolve("cgroup")).stream()
                    .filter(line -> line.contains(":memory:/hearth-" + cluster + "/"))
                    .map(line -> line.substring(line.indexOf(":memory:") + ":memory:".length()))
                    .findFirst();
            if (memory.isEmpty()) {
                return Optional.empty();
            }
            int uid = Files.readAllLines(proc.resolve("status")).stream().filter(line -> line.startsWith("Uid:"))
                    .map(line -> Integer.parseInt(line.split("\\s+")[1])).findFirst().orElseThrow();
            return Optional.of(new HostProcess(Long.parseLong(proc.getFileName().toString()), uid, memory.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended while being read
        }
    }

    private static String exec(String container, String script) {
        try {
            return host.exec(container, script);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file)).strip();
    }
}
