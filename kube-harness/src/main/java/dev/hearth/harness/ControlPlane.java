package dev.hearth.harness;

import dev.hearth.kit.pem.Pem;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real upstream control plane for tests (docs/architecture.md, "Conventions": an API server without
 * Docker): etcd, kube-apiserver and, when asked, kube-controller-manager, started as plain processes from
 * the multi-call binary {@code node-image/build-kube.sh} builds and caches, on free loopback ports. The
 * API server's flags are the control-plane image's that matter to a test — RBAC with the Node authorizer,
 * NodeRestriction, bootstrap tokens, a kubelet client certificate — so a node joins as in a Hearth
 * cluster and a backend test talks to what a real cluster would answer. {@link #close} is safe twice.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** What a joining node needs, and Endpoints/EndpointSlices for Services of web-app pods (WagiIT). */
    private static final List<String> CONTROLLERS = List.of("csrapproving", "csrsigning", "serviceaccount",
            "root-ca-cert-publisher", "garbagecollector", "nodelifecycle", "endpoint", "endpointslice");

    private final Path dir;
    private final Path binary;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final TestPki.Issued ca;
    private final TestPki.Issued admin;
    private final int port;

    private ControlPlane(Path dir) throws IOException {
        this.dir = dir;
        this.binary = kubeBinary();
        this.ca = TestPki.ca();
        this.admin = TestPki.client(ca, "system:masters", "hearth-test-admin");
        this.port = freePort();
    }

    /** etcd and kube-apiserver, waited for until the API server has made the {@code default} namespace. */
    public static ControlPlane start() {
        return start(false);
    }

    /**
     * As {@link #start()}, plus kube-controller-manager with the controllers a joining node needs (CSR
     * approval and signing, service accounts, the root CA ConfigMap, garbage collection, node lifecycle).
     */
    public static ControlPlane startWithControllers() {
        return start(true);
    }

    private static ControlPlane start(boolean controllers) {
        ControlPlane plane;
        try {
            plane = new ControlPlane(Files.createTempDirectory("hearth-control-plane-"));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to prepare a test control plane", e);
        }
        try {
            plane.launch(controllers);
            return plane;
        } catch (IOException e) {
            plane.close();
            throw new UncheckedIOException("failed to start the test control plane", e);
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    private void launch(boolean controllers) throws IOException {
        write("ca.crt", ca.certificatePem());
        write("ca.key", ca.keyPem());
        TestPki.Issued apiServer = TestPki.server(ca, "kube-apiserver");
        write("apiserver.crt", apiServer.certificatePem());
        write("apiserver.key", apiServer.keyPem());
        TestPki.Issued kubeletClient = TestPki.client(ca, "system:masters", "kube-apiserver-kubelet-client");
        write("kubelet-client.crt", kubeletClient.certificatePem());
        write("kubelet-client.key", kubeletClient.keyPem());
        var serviceAccounts = TestPki.keyPair();
        write("sa.key", Pem.pkcs8PrivateKey(serviceAccounts.getPrivate()));
        write("sa.pub", Pem.publicKey(serviceAccounts.getPublic()));
        write("admin.conf", kubeconfig(admin));

        int etcdPort = freePort();
        int etcdPeerPort = freePort();
        run("etcd", "--name=test", "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-cluster=test=http://127.0.0.1:" + etcdPeerPort, "--log-level=warn");
        run("kube-apiserver", "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--secure-port=" + port, "--advertise-address=127.0.0.1",
                "--client-ca-file=" + path("ca.crt"), "--tls-cert-file=" + path("apiserver.crt"),
                "--tls-private-key-file=" + path("apiserver.key"),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + path("sa.pub"), "--service-account-signing-key-file=" + path("sa.key"),
                "--service-cluster-ip-range=10.96.0.0/16", "--authorization-mode=Node,RBAC",
                "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
                "--kubelet-client-certificate=" + path("kubelet-client.crt"),
                "--kubelet-client-key=" + path("kubelet-client.key"),
                "--kubelet-preferred-address-types=InternalIP,Hostname", "--profiling=false", "--v=0");
        awaitDefaultNamespace();
        if (controllers) {
            run("kube-controller-manager", "--kubeconfig=" + path("admin.conf"),
                    "--authentication-kubeconfig=" + path("admin.conf"), "--authorization-kubeconfig=" + path("admin.conf"),
                    "--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
                    "--cluster-signing-cert-file=" + path("ca.crt"), "--cluster-signing-key-file=" + path("ca.key"),
                    "--root-ca-file=" + path("ca.crt"), "--service-account-private-key-file=" + path("sa.key"),
                    "--use-service-account-credentials=false", "--controllers=" + String.join(",", CONTROLLERS),
                    "--profiling=false", "--v=0");
        }
    }

    public String server() {
        return "https://127.0.0.1:" + port;
    }

    /** The cluster CA, which issued the API server's certificate and every client certificate it trusts. */
    public TestPki.Issued ca() {
        return ca;
    }

    public String caPem() {
        return ca.certificatePem();
    }

    /** A kubeconfig for the admin ({@code system:masters}), the form the worker agent sends. */
    public String adminKubeconfig() {
        return kubeconfig(admin);
    }

    /** The same API server, signing in with a client certificate from a CA it does not know. */
    public String strangerKubeconfig() {
        return kubeconfig(TestPki.client(TestPki.ca(), "system:masters", "hearth-test-admin"));
    }

    /** A kubeconfig for {@code user}, trusting this cluster's CA. */
    public String kubeconfig(TestPki.Issued user) {
        return Kubeconfigs.of(server(), caPem(), user);
    }

    /** A new client signed in as the admin; the caller closes it. */
    public KubernetesClient adminClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(adminKubeconfig())).build();
    }

    /** The multi-call binary (kubectl, kube-apiserver…) the control plane runs from. */
    public Path binary() {
        return binary;
    }

    /** A file of the control plane's own (certificates, keys, {@code admin.conf}). */
    public Path file(String name) {
        return dir.resolve(name);
    }

    private void awaitDefaultNamespace() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "not started";
        try (KubernetesClient kubernetes = adminClient()) {
            while (Instant.now().isBefore(deadline)) {
                for (int i = 0; i < processes.size(); i++) {
                    if (!processes.get(i).isAlive()) {
                        throw new IllegalStateException("failed to start the test control plane: " + names.get(i)
                                + " exited " + processes.get(i).exitValue() + "\n" + logTail());
                    }
                }
                // The default namespace exists once the API server's bootstrap controllers have run.
                try {
                    if (kubernetes.namespaces().withName("default").get() != null) {
                        return;
                    }
                    last = "namespace default not created yet";
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the test API server", e);
                }
            }
        }
        throw new IllegalStateException("the test API server at " + server() + " did not serve within "
                + START_TIMEOUT.toSeconds() + " s (last: " + last + ")\n" + logTail());
    }

    private void run(String command, String... flags) throws IOException {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), command));
        argv.addAll(List.of(flags));
        names.add(command);
        processes.add(new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command + ".log").toFile()).start());
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : names) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
                tail.append("--- last lines of ").append(name).append(".log\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            } catch (IOException e) {
                tail.append("--- ").append(name).append(".log: ").append(e.getMessage()).append('\n');
            }
        }
        return tail.toString();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The cached multi-call binary; the script builds it on a cache miss (long, the first time), as
     * {@code ./hearth images} does, and prints its path last. Tests run from their module's folder.
     */
    private static Path kubeBinary() throws IOException {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../node-image/build-kube.sh").normalize();
        Process build = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (build.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " failed (exit " + build.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Kubernetes binaries", e);
        }
        return Path.of(out.lines().reduce((first, second) -> second).orElseThrow());
    }

    /** Stops the API server first (so it does not log a storm of etcd errors), then removes the files. */
    @Override
    public synchronized void close() {
        for (Process process : processes.reversed()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        names.clear();
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to remove " + dir, e);
        }
    }
}
