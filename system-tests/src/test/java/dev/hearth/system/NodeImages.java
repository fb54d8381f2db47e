package dev.hearth.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node images and the Kubernetes binary of this checkout, from node-image/'s own scripts: built
 * when their inputs changed, found by content-hash tag otherwise (seconds). Once per test JVM.
 */
final class NodeImages {

    /** The first build compiles Kubernetes from the Go module proxy; later ones hit the cache. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static Map<String, String> refs;
    private static String kubeBinary;

    private NodeImages() {
    }

    static synchronized String controlPlane() {
        return refs().get("control-plane");
    }

    static synchronized String registry() {
        return refs().get("registry");
    }

    /** The WASI node image, once node-image/ builds one (agents run without a WASI node until then). */
    static synchronized Optional<String> wasiNode() {
        return Optional.ofNullable(refs().get("wasm-node"));
    }

    /** The builder image (issue 5): agents without one refuse builds, saying so. */
    static synchronized Optional<String> builder() {
        return Optional.ofNullable(refs().get("builder"));
    }

    /** Every role build-images.sh printed, with its ref (control-plane, registry, wasm-node, builder, agent). */
    static synchronized Map<String, String> all() {
        return refs();
    }

    /** The cluster endpoint image (HAProxy): every cluster of a host on one port, routed by SNI. */
    static synchronized Optional<String> endpoint() {
        return Optional.ofNullable(refs().get("endpoint"));
    }

    /** The toolbox image a cluster's terminal runs in (issue 13); agents without one refuse terminals, saying so. */
    static synchronized Optional<String> toolbox() {
        return Optional.ofNullable(refs().get("toolbox"));
    }

    /** The multi-call Kubernetes binary; it runs as kubectl when invoked through a link named kubectl. */
    static synchronized String kubeBinary() {
        if (kubeBinary == null) {
            kubeBinary = Scripts.ok(List.of(script("build-kube.sh")), BUILD_TIMEOUT).strip();
        }
        return kubeBinary;
    }

    private static Map<String, String> refs() {
        if (refs == null) {
            Map<String, String> found = new HashMap<>();
            for (String line : Scripts.ok(List.of(script("build-images.sh")), BUILD_TIMEOUT).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    found.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            if (!found.containsKey("control-plane") || !found.containsKey("registry")) {
                throw new IllegalStateException("node-image/build-images.sh printed no control-plane= and registry= lines: " + found);
            }
            refs = Map.copyOf(found);
        }
        return refs;
    }

    private static String script(String name) {
        return RunPaths.root().resolve("node-image").resolve(name).toString();
    }
}
