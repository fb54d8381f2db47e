package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A writable view of a volume's directory whose writes are counted against a {@link VolumeQuota}: a
 * write, file or directory past the quota fails with an I/O error the module sees, so an {@code
 * emptyDir} cannot fill the node's disk. Like {@link ReadOnlyView}, nothing outside the directory is
 * reached through it, whatever symbolic links the module (or another container of its pod) made.
 * Hard links are refused: a second name would keep a file's bytes after its counted name is deleted.
 */
public final class BoundedView {

    private BoundedView() {}

    /** @throws PodSetupException when {@code dir} cannot be opened */
    public static Path of(Path dir, VolumeQuota quota) {
        try {
            return new VolumeFileSystem(dir, Optional.of(quota)).wrap(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new PodSetupException("cannot open " + dir + " for the module: " + e.getMessage(), e);
        }
    }
}
