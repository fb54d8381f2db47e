package dev.hearth.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node images, as node-image/build-images.sh builds them (cached: seconds when nothing changed).
 * Run once per JVM; a failing build fails the test that needs it, with the script's output.
 */
public final class NodeImages {

    private static Map<String, String> images;

    private NodeImages() {
    }

    public static String controlPlane() {
        return images().get("control-plane");
    }

    public static String registry() {
        return images().get("registry");
    }

    /** The WASI node image: the wasm-node jar on a jlink runtime (built from the sources when they changed). */
    public static String wasiNode() {
        String ref = images().get("wasm-node");
        if (ref == null) {
            throw new IllegalStateException("node-image/build-images.sh printed no wasm-node= line");
        }
        return ref;
    }

    /** The toolbox image: a cluster terminal's kubectl, Helm, curl, jq and editors (node-image/toolbox). */
    public static String toolbox() {
        String ref = images().get("toolbox");
        if (ref == null) {
            throw new IllegalStateException("node-image/build-images.sh printed no toolbox= line");
        }
        return ref;
    }

    /** The builder image: Debian's rustc and clang for wasm32-wasi, and node-image/builder/hearth-build. */
    public static String builder() {
        String ref = images().get("builder");
        if (ref == null) {
            throw new IllegalStateException("node-image/build-images.sh printed no builder= line");
        }
        return ref;
    }

    private static synchronized Map<String, String> images() {
        if (images == null) {
            images = build();
        }
        return images;
    }

    private static Map<String, String> build() {
        Path script = repositoryRoot().resolve("node-image/build-images.sh");
        try {
            Process build = new ProcessBuilder(script.toString()).redirectErrorStream(false).start();
            byte[] stderr;
            String stdout = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            stderr = build.getErrorStream().readAllBytes();
            if (!build.waitFor(30, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new IllegalStateException(script + " failed:\n" + stdout + new String(stderr, StandardCharsets.UTF_8));
            }
            Map<String, String> refs = new HashMap<>();
            stdout.lines().filter(line -> line.contains("=")).forEach(line ->
                    refs.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1).trim()));
            if (!refs.containsKey("control-plane") || !refs.containsKey("registry")) {
                throw new IllegalStateException(script + " printed no control-plane= and registry= lines:\n" + stdout);
            }
            return Map.copyOf(refs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building node images", e);
        }
    }

    /** The container node's pause image, built from upstream's C source (node-image/build-pause.sh), only when named. */
    public static synchronized String pause() {
        String line = run("node-image/build-images.sh", "pause").lines().filter(l -> l.startsWith("pause="))
                .findFirst().orElseThrow(() -> new IllegalStateException("build-images.sh pause printed no pause= line"));
        return line.substring("pause=".length()).trim();
    }

    /** The debootstrap base every node image is built on (node-image/base/build-base-image.sh). */
    public static synchronized String base() {
        return run("node-image/base/build-base-image.sh").strip();
    }

    /** The directory whose bin/ holds containerd, ctr, runc and the CNI plugins (node-image/build-container-node.sh). */
    public static synchronized Path containerNodeBinaries() {
        return Path.of(run("node-image/build-container-node.sh").strip());
    }

    /** Runs one of node-image's scripts; its stdout, or the failure with both streams. */
    private static String run(String script, String... args) {
        Path path = repositoryRoot().resolve(script);
        try {
            List<String> command = new java.util.ArrayList<>(List.of(path.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(stderr unreadable: " + e + ")";
                }
            });
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(path + " failed:\n" + stdout + stderr.join());
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + path, e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("node-image/build-images.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no node-image/build-images.sh above " + Path.of("").toAbsolutePath());
    }
}
