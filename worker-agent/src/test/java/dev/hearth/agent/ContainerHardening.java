package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.Arrays;
import java.util.List;

/**
 * What docs/security.md ("Containers Hearth starts") promises of a container the agent started, checked
 * twice: as Docker recorded it (HostConfig), and by what a process inside can and cannot do.
 */
public final class ContainerHardening {

    private final TestHost host;

    public ContainerHardening(TestHost host) {
        this.host = host;
    }

    /** Docker's record: every capability dropped but {@code kept}, no-new-privileges, pids limit, read-only root. */
    public void recorded(String container, Capability... kept) {
        HostConfig config = host.client().inspectContainerCmd(container).exec().getHostConfig();
        assertThat(config.getCapDrop()).as(container + " drops").containsExactly(Capability.ALL);
        assertThat(config.getCapAdd() == null ? List.of() : Arrays.asList(config.getCapAdd()))
                .as(container + " adds back").containsExactlyInAnyOrder(kept);
        assertThat(config.getSecurityOpts()).as(container + " security options").contains("no-new-privileges");
        assertThat(config.getPidsLimit()).as(container + " pids limit").isPositive();
        assertThat(config.getReadonlyRootfs()).as(container + " read-only root").isTrue();
        assertThat(config.getPrivileged()).as(container + " privileged").isNotEqualTo(Boolean.TRUE);
    }

    /**
     * Inside: {@code /} cannot be written, no device node can be made, and every process of the container
     * runs as {@code uid} with no effective capability (a docker exec, made here, runs as the image's user).
     */
    public void enforced(String container, String uid) throws InterruptedException {
        String script = """
                touch /hearth-escape 2>&1 && echo WROTE-ROOT
                mknod /tmp/hearth-null c 1 3 2>&1 && echo MADE-DEVICE
                for s in /proc/[0-9]*/status; do
                  awk '/^Name:/{n=$2} /^Uid:/{u=$2} /^CapEff:/{c=$2} END{print "process", n, u, c}' "$s" 2>/dev/null
                done
                echo done
                """;
        String output = host.exec(container, script);
        assertThat(output).as(container).contains("done").doesNotContain("WROTE-ROOT", "MADE-DEVICE")
                .contains("Read-only file system");
        List<String> processes = output.lines().filter(line -> line.startsWith("process ")).toList();
        // Leave out the shell, awk and the exec's own processes: they are this check, not the container.
        List<String> own = processes.stream()
                .filter(line -> !line.matches("process (bash|awk|sh) .*")).toList();
        assertThat(own).as(container + " processes").isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith(" " + uid + " 0000000000000000"));
    }
}
