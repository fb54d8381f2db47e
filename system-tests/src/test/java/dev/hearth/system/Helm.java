package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The pinned upstream Helm CLI, built from the Go module proxy by {@code node-image/build-helm.sh}
 * (cached by its inputs; the first build takes minutes), linked as {@code system-tests/target/bin/helm}.
 */
final class Helm {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static Path link;

    private Helm() {
    }

    /** The link to the cached binary, built first if this machine has none for the current inputs. */
    static synchronized Path link() {
        if (link == null) {
            Path target = Path.of(Scripts.ok(List.of(RunPaths.root().resolve("node-image/build-helm.sh").toString()),
                    BUILD_TIMEOUT).strip());
            Path candidate = RunPaths.target("bin").resolve("helm");
            try {
                Files.deleteIfExists(candidate);
                Files.createSymbolicLink(candidate, target);
            } catch (IOException e) {
                throw new UncheckedIOException("failed to link " + candidate + " to " + target, e);
            }
            link = candidate;
        }
        return link;
    }
}
