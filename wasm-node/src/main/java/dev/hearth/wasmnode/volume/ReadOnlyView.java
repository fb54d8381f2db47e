package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A read-only view of a host directory, for a volume mounted {@code readOnly}: Chicory 1.7.5 has no
 * read-only preopen (WASI rights are not enforced), and the module runs in the node's process, so file
 * permissions would not stop a write either. The view is a {@link Path} of a file system whose provider
 * serves every read from the real directory and refuses every write — opening for writing, creating,
 * deleting, renaming, linking, changing times or attributes — with {@link
 * java.nio.file.AccessDeniedException}, which the module sees as an errno. Paths reached from it stay
 * in the view (symbolic links included), nothing outside the directory is reached through it, and
 * {@code toFile()} is unsupported, so nothing leads back to a writable path.
 */
public final class ReadOnlyView {

    private ReadOnlyView() {}

    /**
     * The directory {@code dir}, read-only.
     *
     * @throws PodSetupException when {@code dir} cannot be opened
     */
    public static Path of(Path dir) {
        try {
            return new VolumeFileSystem(dir, Optional.empty()).wrap(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new PodSetupException("cannot open " + dir + " for the module: " + e.getMessage(), e);
        }
    }
}
