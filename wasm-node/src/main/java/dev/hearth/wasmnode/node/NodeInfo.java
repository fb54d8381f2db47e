package dev.hearth.wasmnode.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The facts {@code kubectl get nodes -o wide} and {@code describe node} show: versions, operating
 * system and architecture (the WASI target, as Krustlet reported), the module runtime and the
 * machine's ids.
 *
 * @param kubeletVersion the cluster's Kubernetes version with a {@code -hearth-wasm} suffix
 * @param containerRuntimeVersion {@code chicory://<version>}
 * @param kernelVersion the host kernel's
 * @param osImage what the node runs on
 * @param machineId /etc/machine-id, or an id kept in the state directory
 * @param systemUuid the machine's DMI UUID where readable, else the machine id
 * @param bootId this boot's id
 */
public record NodeInfo(String kubeletVersion, String containerRuntimeVersion, String kernelVersion, String osImage,
        String machineId, String systemUuid, String bootId) {

    /** The Node's {@code kubernetes.io/arch|os} labels, its taints and {@code nodeInfo.operatingSystem}, as Krustlet's. */
    public static final String WASI_PLATFORM = "wasm32-wasi";
    /**
     * {@code nodeInfo.architecture}: Krustlet's WASI provider reported {@code wasm-wasi} there (unlike its
     * labels), and tools and tests written against Krustlet read that field.
     */
    public static final String ARCHITECTURE = "wasm-wasi";

    public static NodeInfo gather(String kubernetesVersion, Path stateDir) {
        String machineId = firstLine(Path.of("/etc/machine-id")).orElseGet(() -> keptId(stateDir.resolve("machine-id")));
        return new NodeInfo(
                kubernetesVersion + "-hearth-wasm",
                "chicory://" + chicoryVersion(),
                System.getProperty("os.version"),
                firstLine(Path.of("/etc/os-release"), "PRETTY_NAME=").map(name -> name.replace("\"", ""))
                        .map(name -> "Hearth wasm-node on " + name).orElse("Hearth wasm-node"),
                machineId,
                firstLine(Path.of("/sys/class/dmi/id/product_uuid")).orElse(machineId),
                firstLine(Path.of("/proc/sys/kernel/random/boot_id")).orElse(""));
    }

    /** The version of the Chicory runtime on the class path, from its Maven metadata. */
    static String chicoryVersion() {
        try (InputStream in = NodeInfo.class.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/runtime/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<String> firstLine(Path file) {
        return firstLine(file, "");
    }

    private static Optional<String> firstLine(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip())
                    .filter(line -> !line.isEmpty())
                    .findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String keptId(Path file) {
        return firstLine(file).orElseGet(() -> {
            String id = UUID.randomUUID().toString().replace("-", "");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, id + "\n");
            } catch (IOException e) {
                // An id that changes on restart is still an id; the node works either way.
            }
            return id;
        });
    }
}
