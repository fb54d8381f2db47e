package dev.hearth.backend.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real upstream etcd + kube-apiserver, the pinned binaries from {@code node-image/build-kube.sh}
 * started as plain processes (docs/architecture.md, "Conventions": an API server without Docker). It serves TLS with the
 * certificate it makes itself and accepts one admin bearer token, so tests get a kubeconfig that
 * stock clients use — without a second PKI. Start/close are for one test class; close is safe twice.
 */
public final class KubeApiServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private ClientCertificates.Issued admin;
    private ClientCertificates.Issued stranger;
    private int port;

    private KubeApiServer(Path dir) {
        this.dir = dir;
    }

    /** Starts etcd and kube-apiserver on free loopback ports and waits until the API server serves requests. */
    public static KubeApiServer start() {
        try {
            KubeApiServer server = new KubeApiServer(Files.createTempDirectory("hearth-apiserver-"));
            try {
                server.launch();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start a kube-apiserver for the test", e);
        }
    }

    private void launch() throws IOException {
        Path binary = binary();
        // Hearth keeps only client-certificate credentials (ClusterKubeconfig), so the admin is one.
        var certificates = new ClientCertificates(dir.resolve("pki"));
        admin = certificates.issue("hearth-test-admin", "system:masters");
        stranger = new ClientCertificates(dir.resolve("stranger")).issue("hearth-test-admin", "system:masters");
        int etcdClient = freePort();
        int etcdPeer = freePort();
        port = freePort();
        processes.add(run(binary, "etcd", List.of("--name=test", "--data-dir=" + dir.resolve("etcd"),
                "--listen-client-urls=http://127.0.0.1:" + etcdClient, "--advertise-client-urls=http://127.0.0.1:" + etcdClient,
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeer, "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
                "--initial-cluster=test=http://127.0.0.1:" + etcdPeer, "--log-level=warn")));
        KeyPair serviceAccounts = serviceAccountKeys();
        Path saKey = dir.resolve("sa.key");
        Files.writeString(saKey, pem("PRIVATE KEY", serviceAccounts.getPrivate().getEncoded()));
        Path saPub = dir.resolve("sa.pub");
        Files.writeString(saPub, pem("PUBLIC KEY", serviceAccounts.getPublic().getEncoded()));
        Path clientCa = dir.resolve("client-ca.crt");
        Files.writeString(clientCa, admin.issuerPem());
        processes.add(run(binary, "kube-apiserver", List.of("--etcd-servers=http://127.0.0.1:" + etcdClient,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + port,
                "--cert-dir=" + dir.resolve("certs"), "--client-ca-file=" + clientCa, "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc", "--service-account-key-file=" + saPub,
                "--service-account-signing-key-file=" + saKey, "--service-cluster-ip-range=10.96.0.0/16",
                "--profiling=false", "--v=0")));
        awaitServing();
    }

    /** A kubeconfig for the admin, trusting the API server's own serving certificate. */
    public String kubeconfig() {
        return kubeconfig(admin);
    }

    /** The same API server, with a client certificate from a CA it does not know. */
    public String kubeconfigWithUnknownCertificate() {
        return kubeconfig(stranger);
    }

    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig())).build();
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    private String kubeconfig(ClientCertificates.Issued user) {
        String ca;
        try {
            ca = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("certs/apiserver.crt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ClientCertificates.kubeconfig(url(), ca, user);
    }

    private void awaitServing() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "not started";
        while (Instant.now().isBefore(deadline)) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException("failed to start the test API server: " + names.get(i)
                            + " exited " + processes.get(i).exitValue() + "\n" + logTail());
                }
            }
            if (Files.exists(dir.resolve("certs/apiserver.crt"))) {
                // The default namespace exists once the API server's bootstrap controllers have run.
                try (KubernetesClient kubernetes = client()) {
                    if (kubernetes.namespaces().withName("default").get() != null) {
                        return;
                    }
                    last = "namespace default not created yet";
                } catch (KubernetesClientException e) {
                    last = e.getMessage();
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the test API server", e);
            }
        }
        throw new IllegalStateException("the test API server at " + url() + " did not serve within " + START_TIMEOUT.toSeconds()
                + " s (last: " + last + ")\n" + logTail());
    }

    private Process run(Path binary, String command, List<String> flags) throws IOException {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), command));
        argv.addAll(flags);
        names.add(command);
        return new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command + ".log").toFile()).start();
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("etcd.log", "kube-apiserver.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
                tail.append("--- last lines of ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            } catch (IOException e) {
                tail.append("--- ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return tail.toString();
    }

    /** The cached multi-call binary; the script builds it on a cache miss, as ./hearth images does. */
    private static Path binary() throws IOException {
        Path script = Path.of("..", "node-image", "build-kube.sh").toAbsolutePath().normalize();
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
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** The service-account signing keys: a key pair, not a certificate authority. */
    private static KeyPair serviceAccountKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 private or X.509 public key DER as PEM, which kube-apiserver reads. */
    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        // API server first, so it does not log a storm of etcd errors on its way down.
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
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
