package dev.hearth.agent.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a container Hearth starts may do beyond running its process (docs/security.md, "Containers Hearth
 * starts"): every capability is dropped and only those listed here added back, {@code no-new-privileges}
 * always, a pids limit always, and a read-only root file system whose writable paths are the container's
 * volumes plus the tmpfs mounts listed here.
 *
 * @param capAdd capabilities added back after dropping all (Docker's names, without {@code CAP_})
 * @param pidsLimit processes and threads the container may hold at once
 * @param tmpfs writable in-memory paths, with their mount options (size always bounded)
 */
public record Hardening(List<String> capAdd, long pidsLimit, Map<String, String> tmpfs) {

    /** Docker's security option that keeps setuid binaries and file capabilities from granting anything. */
    public static final String NO_NEW_PRIVILEGES = "no-new-privileges";

    /**
     * The capabilities an entry point needs to hand its volumes to the image's unprivileged user and switch
     * to it ({@code setpriv}, which also empties the bounding set): nothing after that keeps any.
     */
    static final List<String> DROP_TO_USER = List.of("CHOWN", "SETUID", "SETGID");

    /** The user the wasm-node image runs as (its Dockerfile's {@code USER}). */
    static final int WASI_NODE_UID = 10250;

    public Hardening {
        capAdd = List.copyOf(capAdd);
        tmpfs = new TreeMap<>(tmpfs);
        if (pidsLimit <= 0) {
            throw new IllegalArgumentException("a pids limit must be positive, got " + pidsLimit);
        }
    }

    /**
     * etcd, kube-apiserver, controller-manager and scheduler (Go: a few dozen threads each), all as uid 65532
     * (the image's user, who owns the etcd volume and the files the agent copies in): no capability at all.
     */
    static Hardening controlPlane() {
        return new Hardening(List.of(), 1024, Map.of("/tmp", "rw,noexec,nosuid,nodev,size=16m"));
    }

    /**
     * The WASI node: no capability at all, as the image's own user (docs/wasm-node.md, "Paths the node
     * writes": its state volume and its pods' directory). Threads: about 40 idle plus one per module.
     */
    static Hardening wasiNode() {
        // The pods' directory is a tmpfs (pods do not outlive the node process) owned by the image's user,
        // uid/gid 10250 (node-image/wasm-node/Dockerfile): Docker gives a tmpfs the image directory's mode
        // (0700) but root as its owner, so without uid/gid the node could not write its pods' volumes.
        return new Hardening(List.of(), 1024, Map.of(
                "/tmp", "rw,noexec,nosuid,nodev,size=16m",
                "/var/lib/hearth/wasm-pods", "rw,noexec,nosuid,nodev,size=256m,uid=" + WASI_NODE_UID + ",gid=" + WASI_NODE_UID));
    }

    /** The registry's two Distribution processes; its entry point gives the storage volume to docker-registry. */
    public static Hardening registry() {
        return new Hardening(DROP_TO_USER, 256, Map.of("/tmp", "rw,noexec,nosuid,nodev,size=16m"));
    }

    /**
     * The host's cluster endpoint (HAProxy as its own unprivileged user on a port above 1024): no
     * capability; its configuration comes in on a volume (Docker copies onto nothing else of a read-only
     * root), its master-worker runtime files go to a tmpfs.
     */
    public static Hardening endpoint() {
        return new Hardening(List.of(), 256, Map.of(
                "/tmp", "rw,noexec,nosuid,nodev,size=16m",
                "/run/hearth-endpoint", "rw,noexec,nosuid,nodev,size=1m,mode=1777"));
    }

    /**
     * A cluster's toolbox (its terminal): no capability, the image's user (uid 1000); its home and
     * /tmp are size-bounded tmpfs the user owns, so a participant can keep files for the session.
     * Processes: a shell, kubectl, helm, an editor, a pipe or two per terminal.
     */
    public static Hardening toolbox() {
        return new Hardening(List.of(), 256, Map.of(
                "/tmp", "rw,nosuid,nodev,size=64m,uid=1000,gid=1000",
                "/home/hearth", "rw,nosuid,nodev,size=64m,uid=1000,gid=1000"));
    }
}
