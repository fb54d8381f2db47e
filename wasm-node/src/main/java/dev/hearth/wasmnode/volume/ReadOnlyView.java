package dev.hearth.wasmnode.volume;

import java.nio.file.Path;

/**
 * A read-only view of a host directory, for a volume mounted {@code readOnly}: Chicory 1.7.5 has no
 * read-only preopen (WASI rights are not enforced), and the node runs as root, so file permissions
 * would not stop a write either. The view is a {@link Path} of a file system whose provider serves
 * every read from the real directory and refuses every write — opening for writing, creating,
 * deleting, renaming, linking, changing times or attributes — with {@link
 * java.nio.file.AccessDeniedException}, which the module sees as an errno. Paths reached from it stay
 * in the view, and {@code toFile()} is unsupported, so nothing leads back to a writable path.
 */
public final class ReadOnlyView {

    private ReadOnlyView() {}

    /** The directory {@code dir}, read-only. */
    public static Path of(Path dir) {
        return new ReadOnlyFileSystem(dir.getFileSystem()).wrap(dir.toAbsolutePath());
    }
}
