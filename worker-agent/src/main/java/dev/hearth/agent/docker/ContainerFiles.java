package dev.hearth.agent.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one small text file into a container through the engine's archive API: no shell in the
 * container, no bind mount of the host's files. The file is the tar's owner's (root's) with the mode
 * given, so a container's unprivileged user can read what the agent wrote but not change it.
 */
public final class ContainerFiles {

    private ContainerFiles() {
    }

    /**
     * @param directory an existing directory in the container (a volume the file lives on)
     * @param what the file in words, for the error
     */
    public static void copyIn(DockerClient docker, String container, String directory, String name, String text, int mode,
            String what) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        var archive = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(archive)) {
            var entry = new TarArchiveEntry(name);
            entry.setMode(mode);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to pack " + what, e);
        }
        docker.copyArchiveToContainerCmd(container).withRemotePath(directory)
                .withTarInputStream(new ByteArrayInputStream(archive.toByteArray())).exec();
    }
}
