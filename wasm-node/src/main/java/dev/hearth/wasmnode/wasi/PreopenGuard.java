package dev.hearth.wasmnode.wasi;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Refuses preopened directories holding symbolic links that could lead the module outside them.
 *
 * <p>Why: Chicory 1.7.5 confines the paths a module names ({@code ..} and absolute paths are refused)
 * but follows symbolic links it finds on the host — an absolute target anywhere on the node, and a
 * relative one against the JVM's working directory instead of the link's own directory. A link
 * placed in a volume by anyone but the module would therefore hand the module the node's files. The
 * only links let through are the kind Chicory itself creates for a module's {@code symlink()}: an
 * absolute target inside the same preopen.
 *
 * <p>The check runs when a module starts, over the whole tree; a link added by another container of
 * the pod while the module runs is not seen here, which is why the node's volumes are preopened
 * through views that check every access ({@code dev.hearth.wasmnode.volume.VolumeProvider});
 * {@code hostPath} is refused altogether.
 */
final class PreopenGuard {

    private PreopenGuard() {}

    /** @throws WasiSandboxException naming the first link that leads outside {@code preopen} */
    static void check(Preopen preopen) {
        Path root = preopen.hostPath();
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink() && !staysInside(Files.readSymbolicLink(file), root, realRoot)) {
                        throw new WasiSandboxException("refusing to preopen " + preopen.guestPath() + ": "
                                + root.relativize(file) + " is a symbolic link to " + Files.readSymbolicLink(file)
                                + ", which may lead outside it; only files and links made by the module are allowed");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new WasiSandboxException("cannot preopen " + preopen.guestPath() + " from " + root + ": " + e, e);
        }
    }

    private static boolean staysInside(Path target, Path root, Path realRoot) {
        if (!target.isAbsolute()) {
            return false;
        }
        Path normal = target.normalize();
        return normal.startsWith(root) || normal.startsWith(realRoot);
    }
}
