package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real per-host registry for a test: the {@code hearth/registry} image (node-image/build-images.sh,
 * cached) run with the docker CLI on a free loopback port, labelled as Hearth's, removed on close.
 */
final class TestRegistry implements AutoCloseable {

    private static final Path REPOSITORY_ROOT = repositoryRoot();
    private static String image;

    private final String container;
    private final int port;
    private final Path configDir;

    private TestRegistry(String container, int port, Path configDir) {
        this.container = container;
        this.port = port;
        this.configDir = configDir;
    }

    /** An open registry, as the per-host one is. */
    static TestRegistry start() {
        return start(Map.of(), null);
    }

    /** A registry asking for HTTP Basic credentials from an htpasswd line (bcrypt). */
    static TestRegistry withHtpasswd(String htpasswdLine) {
        return start(Map.of(
                "REGISTRY_AUTH", "htpasswd",
                "REGISTRY_AUTH_HTPASSWD_REALM", "hearth-test",
                "REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd"), htpasswdLine);
    }

    private static TestRegistry start(Map<String, String> env, String htpasswd) {
        String name = "hearth-test-registry-" + UUID.randomUUID().toString().substring(0, 8);
        Path configDir = null;
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", name,
                "--label", "dev.hearth.role=registry", "--label", "dev.hearth.host=wasm-node-test",
                // The host side of the registry: its read-write process (the clusters' side, 5000, is read-only).
                "-p", "127.0.0.1::5001"));
        env.forEach((key, value) -> command.addAll(List.of("-e", key + "=" + value)));
        try {
            if (htpasswd != null) {
                configDir = Files.createTempDirectory("hearth-registry-auth");
                Files.writeString(configDir.resolve("htpasswd"), htpasswd + "\n");
                // The registry drops to its own unprivileged user before reading it (docs/security.md):
                // a temporary directory is root's alone, so open it and the (test-only) hash to others.
                Files.setPosixFilePermissions(configDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(configDir.resolve("htpasswd"),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                command.addAll(List.of("-v", configDir + ":/auth:ro"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        command.add(image());
        docker(command);
        String mapping = docker(List.of("docker", "port", name, "5001/tcp")).lines().findFirst().orElseThrow();
        TestRegistry registry = new TestRegistry(name, Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1)),
                configDir);
        registry.awaitReady();
        return registry;
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image references. */
    String address() {
        return "127.0.0.1:" + port;
    }

    URI uri() {
        return URI.create("http://" + address());
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                int status = http.send(HttpRequest.newBuilder(uri().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("registry " + container + " did not answer /v2/ within 30 s; logs:\n"
                        + docker(List.of("docker", "logs", "--tail", "30", container)));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        docker(List.of("docker", "rm", "-f", "-v", container));
        if (configDir != null) {
            try (var files = Files.walk(configDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A temp dir left behind is harmless.
            }
        }
    }

    private static synchronized String image() {
        if (image == null) {
            String out = run(List.of(REPOSITORY_ROOT.resolve("node-image/build-images.sh").toString(), "registry"));
            image = out.lines().filter(line -> line.startsWith("registry=")).findFirst()
                    .map(line -> line.substring("registry=".length()).strip())
                    .orElseThrow(() -> new IllegalStateException("build-images.sh printed no registry= line:\n" + out));
        }
        return image;
    }

    private static String docker(List<String> command) {
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("node-image"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with node-image/) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
