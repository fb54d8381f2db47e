package dev.hearth.agent.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
