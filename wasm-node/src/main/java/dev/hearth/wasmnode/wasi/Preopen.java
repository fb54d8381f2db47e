package dev.hearth.wasmnode.wasi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory a module may use, and the path it sees it at — a WASI preopened directory. The
 * module reaches nothing outside its preopens: WASI has no ambient filesystem.
 *
 * @param guestPath the absolute path inside the module, e.g. a volume's {@code mountPath}
 * @param hostPath the directory on the node
 */
public record Preopen(String guestPath, Path hostPath) {

    public Preopen {
        Objects.requireNonNull(guestPath, "guestPath");
        Objects.requireNonNull(hostPath, "hostPath");
        if (!guestPath.startsWith("/")) {
            throw new IllegalArgumentException("preopen guest path must be absolute, got '" + guestPath + "'");
        }
        hostPath = hostPath.toAbsolutePath().normalize();
    }
}
