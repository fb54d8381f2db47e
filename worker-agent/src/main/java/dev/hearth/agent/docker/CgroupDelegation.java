package dev.hearth.agent.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A container node's own cgroup subtree on a cgroup v1 host (docs/container-node.md, "Isolation"): kubelet
 * and runc inside the node need to make a cgroup per pod, and Docker mounts cgroups read-only into an
 * unprivileged container. The agent (root on the host) makes {@code hearth-<name>} in every v1 hierarchy,
 * puts the node's whole budget on it (memory, pids; only the devices Docker gives any container), and
 * hands the node the directory itself and the files that move processes — never the limit files of that
 * directory, so the node can divide its budget among its pods but not raise it (v1 limits are
 * hierarchical). The node container is started with it as cgroup parent and sees it as its
 * {@code /sys/fs/cgroup/<hierarchy>}. {@code release_agent} exists only at a hierarchy's root, which the
 * node never sees. This is what {@code Delegate=} does on cgroup v2; a v2 host is not handled yet.
 */
public final class CgroupDelegation {

    /** The devices any container may use (Docker's defaults): null, zero, full, random, urandom, tty, console, ptmx, pts, tun. */
    private static final List<String> DEVICES = List.of("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm", "c *:* m", "b *:* m");
    /** What the node gets to write in the directory it is handed: making child cgroups and moving its processes. */
    private static final List<String> HANDED_OVER = List.of("cgroup.procs", "tasks");

    private final Path mountInfo;

    public CgroupDelegation() {
        this(Path.of("/proc/self/mountinfo"));
    }

    CgroupDelegation(Path mountInfo) {
        this.mountInfo = mountInfo;
    }

    /** The subtree handed to a node: its cgroup-parent for Docker and the bind mounts that show it to the node. */
    public record Delegated(String cgroupParent, List<Bind> binds) {
    }

    /** Makes (or finds) {@code hearth-<name>} with the node's budget, handed to {@code uid}. */
    public Delegated delegate(String name, int uid, long memoryBytes, long pidsMax) {
        String directory = "hearth-" + name;
        List<Bind> binds = new ArrayList<>();
        for (Path hierarchy : hierarchies(false)) {
            Path dir = hierarchy.resolve(directory);
            try {
                Files.createDirectories(dir);
                String controllers = hierarchy.getFileName().toString();
                if (controllers.equals("cpuset")) {
                    // A cpuset cgroup without cpus and mems admits no process: inherit the host's.
                    write(dir.resolve("cpuset.cpus"), read(hierarchy.resolve("cpuset.cpus")));
                    write(dir.resolve("cpuset.mems"), read(hierarchy.resolve("cpuset.mems")));
                } else if (controllers.equals("memory")) {
                    write(dir.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                } else if (controllers.equals("pids")) {
                    write(dir.resolve("pids.max"), Long.toString(pidsMax));
                } else if (controllers.equals("devices")) {
                    write(dir.resolve("devices.deny"), "a");
                    for (String device : DEVICES) {
                        write(dir.resolve("devices.allow"), device);
                    }
                }
                Files.setAttribute(dir, "unix:uid", uid);
                Files.setAttribute(dir, "unix:gid", uid);
                for (String file : HANDED_OVER) {
                    Files.setAttribute(dir.resolve(file), "unix:uid", uid);
                    Files.setAttribute(dir.resolve(file), "unix:gid", uid);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("failed to delegate cgroup " + dir + " to uid " + uid, e);
            }
            binds.add(new Bind(dir.toString(), new Volume(hierarchy.toString())));
        }
        return new Delegated("/" + directory, List.copyOf(binds));
    }

    /** Removes {@code hearth-<name>} and every cgroup below it (the node's processes must have ended). */
    public void remove(String name) {
        for (Path hierarchy : hierarchies(true)) {
            Path dir = hierarchy.resolve("hearth-" + name);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(dir)) {
                // cgroupfs removes a directory with its files; children first.
                for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(cgroup);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("failed to remove cgroup " + dir, e);
            }
        }
    }

    /** Whether {@code hearth-<name>} exists in any hierarchy. */
    public boolean exists(String name) {
        return hierarchies(true).stream().anyMatch(h -> Files.isDirectory(h.resolve("hearth-" + name)));
    }

    /** Mount points of the host's cgroup v1 hierarchies (and the v2 one too when {@code withUnified}). */
    List<Path> hierarchies(boolean withUnified) {
        try (Stream<String> lines = Files.lines(mountInfo)) {
            return lines.map(line -> line.split(" "))
                    .filter(f -> {
                        int dash = List.of(f).indexOf("-");
                        return dash > 0 && (f[dash + 1].equals("cgroup") || withUnified && f[dash + 1].equals("cgroup2"));
                    })
                    .map(f -> Path.of(f[4]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + mountInfo, e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }
}
