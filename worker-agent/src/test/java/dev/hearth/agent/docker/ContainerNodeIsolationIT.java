package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.ContainerNodeIsolation;
import dev.hearth.agent.plan.HearthLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container node's isolation (docs/container-node.md, "Isolation") on the real Docker engine, before
 * any kubelet runs in it: two tenants' node containers made by {@link ContainerNodeContainers}, and from
 * inside each the escape attempts a cluster-admin's privileged pod would make. A pod's processes are the
 * node's "root" in the node's own user namespace, so the attempts run there ({@code unshare -Urpf}), as
 * runc would place a privileged pod, and once more as the node itself. They must all fail, while the
 * node can still do what a container runtime needs (be root in its namespace, mount {@code proc}).
 */
class ContainerNodeIsolationIT {

    private static final int ALICE_UID = 200_000;
    private static final int BOB_UID = 300_000;
    private static final Path HOST_MARKER = Path.of("/tmp/hearth-host-" + UUID.randomUUID());

    private static TestHost host;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void startTwoTenantsNodes() throws IOException {
        host = new TestHost();
        Files.writeString(HOST_MARKER, "the host's file system");
        alice = start("alice", ALICE_UID);
        bob = start("bob", BOB_UID);
    }

    @AfterAll
    static void removeThem() throws IOException {
        host.close();
        Files.deleteIfExists(HOST_MARKER);
    }

    private static String start(String tenant, int uid) {
        String clusterId = "iso-" + tenant + "-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "hearth-" + clusterId + "-node";
        ContainerNodeContainers.create(host.client(), name, NodeImages.controlPlane(), "none",
                HearthLabels.of(clusterId, host.hostId()), ContainerNodeIsolation.forUid(uid, 256), null, List.of(),
                List.of("sleep", "infinity"));
        host.client().startContainerCmd(name).exec();
        return name;
    }

    @Test
    void dockerRecordsAnUnprivilegedNodeWithoutCapabilitiesAsItsOwnUid() {
        HostConfig config = host.client().inspectContainerCmd(alice).exec().getHostConfig();

        assertThat(config.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(config.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(config.getCapAdd() == null ? List.of() : Arrays.asList(config.getCapAdd())).isEmpty();
        assertThat(config.getSecurityOpts()).contains("no-new-privileges")
                .anySatisfy(opt -> assertThat(opt).startsWith("seccomp=").contains("kexec_load"));
        assertThat(config.getPidsLimit()).isEqualTo(256L);
        assertThat(host.client().inspectContainerCmd(alice).exec().getConfig().getUser()).isEqualTo(ALICE_UID + ":" + ALICE_UID);
    }

    @Test
    void insideTheNodeARuntimeCanBeRootOfItsOwnNamespaces() throws InterruptedException {
        String output = host.exec(alice, """
                unshare -Urpf --mount-proc bash -c '
                  echo "inner uid $(id -u)"
                  echo "inner pid1 $(tr "\\0" " " < /proc/1/cmdline)"
                  mkdir -p /tmp/pod && mount -t tmpfs pod /tmp/pod && echo INNER-MOUNT-OK'
                """);

        assertThat(output).contains("inner uid 0").contains("inner pid1 bash").contains("INNER-MOUNT-OK");
    }

    @Test
    void aPrivilegedPodsEscapeAttemptsFailInsideTheNodesNamespace() throws InterruptedException {
        String output = host.exec(alice, "unshare -Urpf --mount-proc bash -c '" + attempts() + "'");

        assertEscapesFailed(output);
    }

    @Test
    void theSameAttemptsFailAsTheNodeItself() throws InterruptedException {
        // hostPID and nsenter -t 1 in a kind-style node land here: the node container's own processes.
        String output = host.exec(alice, attempts() + """
                nsenter -t 1 -m -u -i -n -p true 2>&1 && echo ENTERED-PID1-NAMESPACES
                echo h > /proc/sysrq-trigger 2>/dev/null && echo WROTE-SYSRQ
                head -c 1 /proc/kcore >/dev/null 2>&1 && echo READ-KCORE
                """);

        assertEscapesFailed(output);
        assertThat(output).doesNotContain("ENTERED-PID1-NAMESPACES", "WROTE-SYSRQ", "READ-KCORE")
                .contains("Operation not permitted");
    }

    @Test
    void everyProcessOfANodeIsItsOwnUidOnTheHostAndTenantsSeeNothingOfEachOther() throws InterruptedException {
        // A long-lived "root" of the node's namespace, as a pod's process would be.
        String exec = host.client().execCreateCmd(alice).withCmd("unshare", "-Ur", "sleep", "60").exec().getId();
        host.client().execStartCmd(exec).withDetach(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>());
        dev.hearth.agent.Eventually.until("the node's inner process to start", java.time.Duration.ofSeconds(10),
                () -> host.client().topContainerCmd(alice).withPsArgs("-eo pid,uid,args").exec().getProcesses().length >= 2);

        String[][] aliceProcesses = host.client().topContainerCmd(alice).withPsArgs("-eo pid,uid,args").exec().getProcesses();
        assertThat(Arrays.asList(aliceProcesses)).as("the host's view of alice's node, its namespace's root included")
                .allSatisfy(p -> assertThat(p[1]).isEqualTo(Integer.toString(ALICE_UID)));
        String[][] bobProcesses = host.client().topContainerCmd(bob).withPsArgs("-eo pid,uid,args").exec().getProcesses();
        assertThat(Arrays.asList(bobProcesses)).allSatisfy(p -> assertThat(p[1]).isEqualTo(Integer.toString(BOB_UID)));

        String seen = host.exec(alice, "cat /proc/[0-9]*/status 2>/dev/null | awk '/^Uid:/{print \"uid\", $2}' | sort -u");
        assertThat(seen.strip()).as("alice's node sees only its own uid's processes").isEqualTo("uid " + ALICE_UID);
    }

    private static String attempts() {
        return attempts(HOST_MARKER);
    }

    /** The attempts, as a bash script; each prints a line in capitals only if it got through. */
    static String attempts(Path hostMarker) {
        return """
                test -e %s && echo SAW-HOST-FILE
                mknod /tmp/disk b 8 0 2>/dev/null && echo MADE-BLOCK-DEVICE
                ls /dev | grep -E "^(sd|vd|nvme|xvd|loop|mem|kmem|port|kmsg|mapper)" && echo HOST-DEVICE-VISIBLE
                mkdir -p /tmp/cg && mount -t cgroup -o memory cgroup /tmp/cg 2>/dev/null && echo MOUNTED-CGROUP-V1
                echo 1 > /sys/fs/cgroup/release_agent 2>/dev/null && echo WROTE-RELEASE-AGENT
                echo /tmp/x > /proc/sys/kernel/core_pattern 2>/dev/null && echo WROTE-CORE-PATTERN
                echo /tmp/x > /proc/sys/kernel/modprobe 2>/dev/null && echo WROTE-MODPROBE
                perl -e "for my \\$n (175, 313, 246, 320, 321, 298) { if (syscall(\\$n, 0, 0, 0, 0, 0) == -1) { print qq(syscall \\$n: \\$!\\n) } else { print qq(SYSCALL-\\$n-WENT-THROUGH\\n) } }"
                echo attempts-done
                """.formatted(hostMarker);
    }

    static void assertEscapesFailed(String output) {
        assertThat(output).contains("attempts-done")
                .doesNotContain("SAW-HOST-FILE", "MADE-BLOCK-DEVICE", "HOST-DEVICE-VISIBLE", "MOUNTED-CGROUP-V1",
                        "WROTE-RELEASE-AGENT", "WROTE-CORE-PATTERN", "WROTE-MODPROBE", "WENT-THROUGH");
        // init_module, finit_module, kexec_load, kexec_file_load, bpf, perf_event_open: refused by the profile.
        for (int syscall : List.of(175, 313, 246, 320, 321, 298)) {
            assertThat(output).contains("syscall " + syscall + ": Operation not permitted");
        }
    }
}
