package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.hearth.wasmnode.image.OciPusher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A participant's READY cluster with its WASI node, as a user reaches it: stock kubectl with the
 * downloaded kubeconfig, the host's registry on {@code localhost:<port>} to push modules to, and — for
 * what only an operator sees — the node's container through Hearth's labels.
 */
final class WasiCluster {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration NODE_READY_WITHIN = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODE_LOG_TAIL = 40;

    private final SystemStack stack;
    private final String id;
    private final Kubectl kubectl;
    private final String node;
    private final OciPusher registry;
    private final AtomicInteger namespaces = new AtomicInteger();

    private WasiCluster(SystemStack stack, String id, Kubectl kubectl, String node, OciPusher registry) {
        this.stack = stack;
        this.id = id;
        this.kubectl = kubectl;
        this.node = node;
        this.registry = registry;
    }

    /** Requests a cluster through the API, waits for READY and for its WASI node to be Ready. */
    static WasiCluster request(SystemStack stack, Agent agent, String name) {
        return request(stack, stack.api(), agent, name);
    }

    /** The same, as the person {@code api} speaks for (the cluster is theirs, with their kubeconfig). */
    static WasiCluster request(SystemStack stack, HearthApi api, Agent agent, String name) {
        String id = api.requestCluster(name).id();
        api.awaitPhase(id, Phase.READY, READY_WITHIN);
        Path kubeconfig;
        try {
            kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(id + "-kubeconfig.yaml"), api.kubeconfig(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Kubectl kubectl = Kubectl.withKubeconfig(kubeconfig);
        String node = Waits.until("a Node labelled type=krustlet in cluster " + id, NODE_READY_WITHIN,
                () -> kubectl.run("get", "nodes", "-l", "type=krustlet", "-o", "name").strip(), found -> !found.isEmpty())
                .replaceFirst("^node/", "");
        WasiCluster cluster = new WasiCluster(stack, id, kubectl, node,
                new OciPusher(URI.create("http://127.0.0.1:" + agent.registryPort())));
        cluster.awaitNodeReady();
        return cluster;
    }

    String id() {
        return id;
    }

    /** The WASI node's name. */
    String node() {
        return node;
    }

    Kubectl kubectl() {
        return kubectl;
    }

    /** Pushes a module in the wasm-to-oci format Krustlet pulled. */
    void pushWasmToOci(String repository, String tag, byte[] wasm) {
        registry.wasmToOci(repository, tag, wasm);
    }

    /** Pushes a module as a CNCF TAG-Runtime {@code application/wasm} artifact. */
    void pushCncfArtifact(String repository, String tag, byte[] wasm) {
        registry.cncfArtifact(repository, tag, wasm);
    }

    /** A new namespace named after {@code purpose}. */
    String namespace(String purpose) {
        String name = purpose.toLowerCase(Locale.ROOT) + "-" + namespaces.incrementAndGet();
        kubectl.run("create", "namespace", name);
        return name;
    }

    void apply(String namespace, Path manifest) {
        kubectl.run("apply", "-n", namespace, "-f", manifest.toString());
    }

    /** The pod, and its STATUS column as {@code kubectl get pod} prints it (read first: the JSON is never older). */
    PodView pod(String namespace, String name) {
        try {
            String[] row = kubectl.run("get", "pod", name, "-n", namespace, "--no-headers").strip().split("\\s+");
            JsonNode pod = JSON.readTree(kubectl.run("get", "pod", name, "-n", namespace, "-o", "json"));
            return PodView.of(pod, row.length > 2 ? row[2] : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the pod until {@code done} holds for it; a timeout says what the node logged last. */
    PodView awaitPod(String namespace, String name, String what, Duration timeout, Predicate<PodView> done) {
        try {
            return Waits.until("pod " + namespace + "/" + name + " " + what, timeout, () -> pod(namespace, name), done);
        } catch (AssertionError e) {
            AssertionError withNode = new AssertionError(e.getMessage() + "\nthe node's container: " + nodeContainerState()
                    + "\n----- last " + NODE_LOG_TAIL
                    + " lines of the WASI node's container -----\n" + nodeLogTail(NODE_LOG_TAIL), e);
            withNode.setStackTrace(e.getStackTrace());
            throw withNode;
        }
    }

    /** Keeps the node container's whole log in target/logs (the container goes with the cluster). */
    void saveNodeLog() {
        Path file = RunPaths.logs().resolve("wasi-node-" + id + ".log");
        Scripts.Result result = Scripts.run(List.of("docker", "logs", "--timestamps", nodeContainer().getId()),
                Duration.ofSeconds(60));
        try {
            Files.writeString(file, result.stdout() + result.stderr());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + file, e);
        }
    }

    private String nodeLogTail(int lines) {
        try {
            Scripts.Result result = Scripts.run(List.of("docker", "logs", "--tail", Integer.toString(lines),
                    nodeContainer().getId()), Duration.ofSeconds(30));
            return result.stdout() + result.stderr();
        } catch (RuntimeException | AssertionError e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /** {@code kubectl logs <pod> -n <ns> [flags]}: through the API server to the node's kubelet API. */
    String logs(String namespace, String pod, String... flags) {
        List<String> args = new ArrayList<>(List.of("logs", pod, "-n", namespace));
        args.addAll(List.of(flags));
        return kubectl.run(args.toArray(String[]::new));
    }

    void awaitNodeReady() {
        Waits.until("node " + node + " to be Ready", NODE_READY_WITHIN, () -> kubectl.run("get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").strip(), "True"::equals);
    }

    /** The node's container ({@code dev.hearth.role=wasi-node}), as the operator's Docker engine shows it. */
    Container nodeContainer() {
        List<Container> found = stack.docker().containersOfCluster(id).stream()
                .filter(c -> "wasi-node".equals(c.getLabels().get(DockerObjects.ROLE))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one wasi-node container of cluster " + id + ", found " + found.size());
        }
        return found.get(0);
    }

    /** What the engine says of the node's container: running or not, since when, restarts, OOM-killed. */
    String nodeContainerState() {
        try {
            return Scripts.ok(List.of("docker", "inspect", "-f", "{{.State.Status}} since {{.State.StartedAt}}, "
                    + "{{.RestartCount}} restarts, OOM-killed {{.State.OOMKilled}}, exit code {{.State.ExitCode}}",
                    nodeContainer().getId()), Duration.ofSeconds(30)).strip();
        } catch (RuntimeException | AssertionError e) {
            return "(cannot inspect it: " + e.getMessage() + ")";
        }
    }

    /** Runs a command in the node's container and returns its stdout. */
    String execInNode(String... command) {
        List<String> docker = new ArrayList<>(List.of("docker", "exec", nodeContainer().getId()));
        docker.addAll(List.of(command));
        return Scripts.ok(docker, Duration.ofSeconds(30));
    }
}
