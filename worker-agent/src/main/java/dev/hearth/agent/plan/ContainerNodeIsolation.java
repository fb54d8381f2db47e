package dev.hearth.agent.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a container node is confined (docs/container-node.md, "Isolation"): the boundary is the node
 * container itself, so that whatever a cluster-admin makes its kubelet run — privileged pods,
 * {@code hostPath: /}, {@code hostPID} — holds no privilege on the host. The node container runs as a
 * non-root host uid of its own with no capability at all and {@code no-new-privileges}; inside, it makes
 * its own user namespace, where containerd and runc are "root" over nothing but the node. Docker's
 * default seccomp profile refuses exactly that namespace, so the node gets Hearth's profile instead
 * ({@code container-node-seccomp.json}: Docker's dangerous syscalls refused by name, user namespaces
 * allowed), and its {@code /proc} unmasked so runc can mount {@code proc} for a pod's pid namespace;
 * both are safe only because no process of the node holds a capability in the host's user namespace.
 *
 * @param uid the node's host uid (and gid): never 0, one per cluster, so two tenants' nodes never share one
 * @param pidsLimit processes and threads the whole node may hold at once
 * @param seccompProfile the profile's JSON, as Docker's API takes it ({@code seccomp=<json>})
 */
public record ContainerNodeIsolation(int uid, long pidsLimit, String seccompProfile) {

    /** Host uids below this are the system's and its users'; nodes get ids from here on. */
    public static final int FIRST_NODE_UID = 100_000;

    /**
     * Ids a node's user namespace maps, from its uid on: 0 inside is {@code uid} on the host, 65 535 inside
     * (the pause image's user) is {@code uid + 65535}. Two nodes' uids are at least this far apart.
     */
    public static final int ID_COUNT = 65_536;

    /**
     * The node's first process, before anything of the node runs: it makes the node's user namespace and,
     * owned by it, the node's mount, network, UTS and IPC namespaces (kubelet's {@code hostNetwork} pods
     * share the last three, and runc can only join namespaces its own user namespace owns), waits until
     * the agent has written its id map (an empty {@code uid_map} means not yet; only a process with
     * {@code CAP_SETUID} in the host's namespace may write a map of more than one id), then runs the node's command as root of that namespace, so it keeps its capabilities there. Perl,
     * because the base image has it and util-linux's {@code unshare} cannot wait for a map written from
     * outside; 272 is {@code unshare(2)} on x86_64, the only architecture Hearth's images are built for.
     */
    public static final List<String> INIT = List.of("perl", "-e", """
            syscall(272, 0x10000000 | 0x00020000 | 0x40000000 | 0x04000000 | 0x08000000) == 0
                or die "hearth-node: unshare: $!\\n";
            for (my $i = 0; ; $i++) {
                open(my $map, "<", "/proc/self/uid_map") or die "hearth-node: uid_map: $!\\n";
                my $line = <$map>;
                last if defined $line && $line =~ /\\S/;
                die "hearth-node: no id map after 60 s\\n" if $i >= 600;
                select(undef, undef, undef, 0.1);
            }
            exec { $ARGV[0] } @ARGV or die "hearth-node: exec $ARGV[0]: $!\\n";
            """, "--");

    public ContainerNodeIsolation {
        if (uid < FIRST_NODE_UID) {
            throw new IllegalArgumentException("a container node runs as a host uid of at least " + FIRST_NODE_UID
                    + ", never root or a system user; got " + uid);
        }
        if (pidsLimit <= 0) {
            throw new IllegalArgumentException("a pids limit must be positive, got " + pidsLimit);
        }
    }

    /** The isolation of a node running as {@code uid}, with Hearth's seccomp profile. */
    public static ContainerNodeIsolation forUid(int uid, long pidsLimit) {
        return new ContainerNodeIsolation(uid, pidsLimit, Profile.JSON);
    }

    /** The node's {@code uid_map} and {@code gid_map}: its namespace's ids 0..65535 onto its host range. */
    public String idMap() {
        return "0 " + uid + " " + ID_COUNT + "\n";
    }

    /** Docker's {@code User}: the node's uid and a group of the same number. */
    public String user() {
        return uid + ":" + uid;
    }

    /** Loaded once: the profile is part of the agent, never something a cluster's configuration changes. */
    private static final class Profile {
        static final String JSON = load();

        private static String load() {
            try (InputStream in = ContainerNodeIsolation.class.getResourceAsStream("container-node-seccomp.json")) {
                if (in == null) {
                    throw new IllegalStateException("container-node-seccomp.json is missing from the agent");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("failed to read the container node's seccomp profile", e);
            }
        }
    }
}
