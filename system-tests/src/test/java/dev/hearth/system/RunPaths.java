package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the run's logs are: from the surefire configuration, or the module directory. */
final class RunPaths {

    private RunPaths() {
    }

    /** The repository root (the parent of system-tests/). */
    static Path root() {
        String configured = System.getProperty("hearth.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** {@code system-tests/target/logs}, created on first use. */
    static Path logs() {
        String configured = System.getProperty("hearth.system.logs");
        Path logs = configured != null ? Path.of(configured) : root().resolve("system-tests/target/logs");
        return created(logs);
    }

    /** {@code system-tests/target/<name>}, created on first use. */
    static Path target(String name) {
        return created(logs().getParent().resolve(name));
    }

    /** A packaged Quarkus application of the reactor, e.g. {@code platform-backend}. */
    static Path quarkusApp(String module) {
        Path jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first, e.g. "
                    + "./hearth test -pl system-tests -am (which packages " + module + " before the system tests)");
        }
        return jar;
    }

    private static Path created(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create " + dir, e);
        }
    }
}
