package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Moves the cluster's secrets in and out of its control-plane container as tar archives, so they
 * never touch the host's file system.
 */
final class ControlPlaneArchive {

    /** Written last, so its presence in a container means every other file arrived before it. */
    static final String MARKER = "admin.conf";

    private ControlPlaneArchive() {
    }

    /**
     * The control plane's user (node-image/control-plane/Dockerfile): the files are its own, readable by
     * nobody else, and the container needs no capability to read them.
     */
    static final int OWNER = 65532;

    /**
     * Copies {@code files} (paths relative to /etc/kubernetes) into the container, the marker last. Into the
     * volume at /etc/kubernetes itself: Docker refuses copies onto a read-only root file system.
     */
    static void copyIn(DockerClient docker, String container, Map<String, byte[]> files) {
        docker.copyArchiveToContainerCmd(container).withRemotePath("/etc/kubernetes")
                .withTarInputStream(new ByteArrayInputStream(tar(files))).exec();
    }

    /** Reads one file of the container, e.g. {@code /etc/kubernetes/admin.conf}. */
    static String read(DockerClient docker, String container, String path) {
        try (InputStream archive = docker.copyArchiveFromContainerCmd(container, path).exec();
                var tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                throw new IllegalStateException(path + " in container " + container + " is not a file");
            }
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + path + " from container " + container, e);
        }
    }

    static byte[] tar(Map<String, byte[]> files) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TreeSet<String> directories = new TreeSet<>();
            files.keySet().stream().filter(path -> path.contains("/"))
                    .forEach(path -> directories.add(path.substring(0, path.lastIndexOf('/') + 1)));
            for (String directory : directories) {
                directory(tar, directory);
            }
            var order = Comparator.comparing((String path) -> path.equals(MARKER)).thenComparing(path -> path);
            for (String path : files.keySet().stream().sorted(order).toList()) {
                var entry = new TarArchiveEntry(path);
                entry.setMode(0600);
                entry.setIds(OWNER, OWNER);
                entry.setSize(files.get(path).length);
                tar.putArchiveEntry(entry);
                tar.write(files.get(path));
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to pack the control-plane files", e);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        var entry = new TarArchiveEntry(name);
        entry.setMode(040700);
        entry.setIds(OWNER, OWNER);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
