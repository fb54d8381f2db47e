package dev.hearth.wasmnode;

import dev.hearth.wasmnode.logs.LogLimits;
import dev.hearth.wasmnode.pod.BackoffPolicy;
import dev.hearth.wasmnode.volume.VolumeLimits;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's configuration, read once from its environment (the worker agent's {@code NodePlanner}
 * sets these variables on the {@code hearth-<c>-wasi} container).
 *
 * @param nodeName the Node to register, {@code <cluster>-wasi}
 * @param stateDir where credentials and logs live across restarts (a volume in the container)
 * @param apiServer the API server URL; overrides the bootstrap kubeconfig's when set
 * @param bootstrapKubeconfig a kubeconfig holding the API server, its CA and a bootstrap token
 * @param bootstrapToken a bootstrap token, used with {@code apiServer} and {@code caFile} when there is
 *     no bootstrap kubeconfig file
 * @param caFile the cluster CA (PEM), with {@code bootstrapToken}
 * @param nodeIp the address the API server reaches the kubelet API at; found from the route to the
 *     API server when unset
 * @param kubeletPort the kubelet API's HTTPS port, advertised in the Node
 * @param maxPods the Node's pod capacity
 * @param maxModules how many modules (one per container of a running pod) run at once, each on a thread
 * @param podsDir where pods' volumes are made: pods may write there, so it holds nothing the node trusts
 *     and is no parent or child of {@code stateDir}
 * @param volumeLimits how much pods may write into their {@code emptyDir} volumes
 * @param leaseRenewInterval how often the node's Lease is renewed (10 s, as the kubelet)
 * @param statusInterval how often the Node's status is reported even when nothing changed
 * @param crashLoop back-off between restarts of a failed (or, with {@code Always}, finished) pod
 * @param imagePull back-off between image pulls that failed
 * @param logs how much of each container's output stays on disk
 * @param insecureRegistries {@code host:port} of registries pulled from over plain HTTP
 * @param registryMirrors registry alias to mirror endpoint
 * @param tokenRefreshFraction the share of a projected service-account token's lifetime after which the
 *     node rewrites it (0.8, as the kubelet)
 */
public record NodeSettings(
        String nodeName,
        Path stateDir,
        Optional<String> apiServer,
        Path bootstrapKubeconfig,
        Optional<String> bootstrapToken,
        Optional<Path> caFile,
        Optional<String> nodeIp,
        int kubeletPort,
        int maxPods,
        int maxModules,
        Path podsDir,
        VolumeLimits volumeLimits,
        Duration leaseRenewInterval,
        Duration statusInterval,
        BackoffPolicy crashLoop,
        BackoffPolicy imagePull,
        LogLimits logs,
        List<String> insecureRegistries,
        Map<String, String> registryMirrors,
        double tokenRefreshFraction) {

    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/hearth/wasm-node");
    public static final Path DEFAULT_PODS_DIR = Path.of("/var/lib/hearth/wasm-pods");

    public NodeSettings {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(volumeLimits, "volumeLimits");
        Path state = stateDir.toAbsolutePath().normalize();
        Path pods = podsDir.toAbsolutePath().normalize();
        if (state.startsWith(pods) || pods.startsWith(state)) {
            throw new IllegalArgumentException("HEARTH_PODS_DIR (" + podsDir + ") must lie outside HEARTH_STATE_DIR ("
                    + stateDir + ") and not contain it: pods write there, the node keeps its credentials and"
                    + " compiled modules in the state directory");
        }
        insecureRegistries = List.copyOf(insecureRegistries);
        registryMirrors = Map.copyOf(registryMirrors);
    }

    /**
     * Reads the settings from environment variables; the names are listed in {@code docs/wasm-node.md}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static NodeSettings fromEnvironment(Function<String, String> env) {
        Path stateDir = path(env, "HEARTH_STATE_DIR").orElse(DEFAULT_STATE_DIR);
        int maxPods = number(env, "HEARTH_MAX_PODS", 110);
        return new NodeSettings(
                text(env, "HEARTH_NODE_NAME").orElseThrow(() -> new IllegalArgumentException("HEARTH_NODE_NAME is not set")),
                stateDir,
                text(env, "HEARTH_API_SERVER"),
                path(env, "HEARTH_BOOTSTRAP_KUBECONFIG").orElse(stateDir.resolve("bootstrap-kubeconfig")),
                text(env, "HEARTH_BOOTSTRAP_TOKEN"),
                path(env, "HEARTH_CA_FILE"),
                text(env, "HEARTH_NODE_IP"),
                number(env, "HEARTH_KUBELET_PORT", 10250),
                maxPods,
                number(env, "HEARTH_MAX_MODULES", maxPods),
                path(env, "HEARTH_PODS_DIR").orElse(DEFAULT_PODS_DIR),
                new VolumeLimits(bytes(env, "HEARTH_EMPTY_DIR_LIMIT", VolumeLimits.DEFAULT.emptyDirBytes()),
                        bytes(env, "HEARTH_PODS_STORAGE_LIMIT", VolumeLimits.DEFAULT.totalBytes())),
                Duration.ofSeconds(number(env, "HEARTH_LEASE_RENEW_SECONDS", 10)),
                Duration.ofSeconds(number(env, "HEARTH_STATUS_REPORT_SECONDS", 60)),
                new BackoffPolicy(Duration.ofSeconds(number(env, "HEARTH_CRASH_BACKOFF_SECONDS", 10)),
                        Duration.ofSeconds(number(env, "HEARTH_CRASH_BACKOFF_MAX_SECONDS", 300))),
                new BackoffPolicy(Duration.ofSeconds(number(env, "HEARTH_PULL_BACKOFF_SECONDS", 10)),
                        Duration.ofSeconds(number(env, "HEARTH_PULL_BACKOFF_MAX_SECONDS", 300))),
                new LogLimits(number(env, "HEARTH_LOG_MAX_FILE_BYTES", (int) LogLimits.DEFAULT.maxFileBytes()),
                        number(env, "HEARTH_LOG_MAX_FILES", LogLimits.DEFAULT.maxFiles())),
                list(env, "HEARTH_INSECURE_REGISTRIES"),
                mirrors(env, "HEARTH_REGISTRY_MIRRORS"),
                fraction(env, "HEARTH_TOKEN_REFRESH_FRACTION", 0.8));
    }

    private static Optional<String> text(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static Optional<Path> path(Function<String, String> env, String name) {
        return text(env, name).map(Path::of);
    }

    private static int number(Function<String, String> env, String name, int otherwise) {
        Optional<String> value = text(env, name);
        try {
            return value.map(Integer::parseInt).orElse(otherwise);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value.get() + "'");
        }
    }

    private static double fraction(Function<String, String> env, String name, double otherwise) {
        Optional<String> value = text(env, name);
        try {
            double fraction = value.map(Double::parseDouble).orElse(otherwise);
            if (fraction > 0 && fraction < 1) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException(name + " must be a number between 0 and 1, got '" + value.orElse("") + "'");
    }

    /** A Kubernetes quantity ({@code 64Mi}, {@code 1G}, {@code 1048576}) in bytes. */
    private static long bytes(Function<String, String> env, String name, long otherwise) {
        Optional<String> value = text(env, name);
        try {
            return value.map(quantity -> Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact()).orElse(otherwise);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be an amount of bytes such as 64Mi, got '" + value.get() + "'");
        }
    }

    /** {@code a,b,c} — the agent's {@code NodeConfig.insecureRegistriesText()} form. */
    private static List<String> list(Function<String, String> env, String name) {
        return text(env, name).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    /** {@code alias=endpoint,…} — the agent's {@code NodeConfig.registryMirrorsText()} form. */
    private static Map<String, String> mirrors(Function<String, String> env, String name) {
        Map<String, String> mirrors = new LinkedHashMap<>();
        for (String entry : list(env, name)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(name + " entries must be alias=endpoint, got '" + entry + "'");
            }
            mirrors.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        return mirrors;
    }
}
