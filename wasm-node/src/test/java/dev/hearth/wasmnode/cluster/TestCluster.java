package dev.hearth.wasmnode.cluster;

import dev.hearth.wasmnode.bootstrap.Pem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real control plane for the wasm-node's tests (docs/architecture.md, "Conventions"): the pinned upstream etcd,
 * kube-apiserver and kube-controller-manager, started directly from the multi-call binary that
 * {@code node-image/build-kube.sh} builds and caches — flags as in the control-plane image, with RBAC,
 * the Node authorizer, NodeRestriction, bootstrap tokens and the CSR approver and signer, so a node
 * joins exactly as it does in a Hearth cluster. One per test JVM, stopped when the JVM exits.
 */
public final class TestCluster {

    private static TestCluster shared;

    private final Path dir;
    private final Path binary;
    private final List<Process> processes = new ArrayList<>();
    private final TestPki.Issued ca;
    private final int apiServerPort;
    private final KubernetesClient admin;
    private String bootstrapToken;

    /** The cluster every test in this JVM shares; started on first use. */
    public static synchronized TestCluster shared() {
        if (shared == null) {
            shared = new TestCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-cluster-stop"));
        }
        return shared;
    }

    private TestCluster() {
        try {
            dir = Files.createTempDirectory("hearth-wasm-node-cluster");
            binary = kubeBinary();
            ca = TestPki.ca();
            write("ca.crt", ca.certificatePem());
            write("ca.key", ca.keyPem());
            TestPki.Issued apiServer = TestPki.server(ca, "kube-apiserver");
            write("apiserver.crt", apiServer.certificatePem());
            write("apiserver.key", apiServer.keyPem());
            TestPki.Issued kubeletClient = TestPki.client(ca, "system:masters", "kube-apiserver-kubelet-client");
            write("kubelet-client.crt", kubeletClient.certificatePem());
            write("kubelet-client.key", kubeletClient.keyPem());
            var serviceAccount = TestPki.keyPair();
            write("sa.key", Pem.write(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(serviceAccount.getPrivate(), null)
                    .generate()));
            write("sa.pub", Pem.write(serviceAccount.getPublic()));
            TestPki.Issued adminCert = TestPki.client(ca, "system:masters", "hearth-test-admin");
            apiServerPort = freePort();
            write("admin.conf", kubeconfig(adminCert));

            int etcdPort = freePort();
            int etcdPeerPort = freePort();
            start("etcd", "etcd", "--name=test", "--data-dir=" + dir.resolve("etcd"),
                    "--listen-client-urls=http://127.0.0.1:" + etcdPort, "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                    "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                    "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                    "--initial-cluster=test=http://127.0.0.1:" + etcdPeerPort, "--log-level=warn");
            start("kube-apiserver", "kube-apiserver", "--etcd-servers=http://127.0.0.1:" + etcdPort,
                    "--bind-address=127.0.0.1", "--secure-port=" + apiServerPort, "--advertise-address=127.0.0.1",
                    "--client-ca-file=" + file("ca.crt"), "--tls-cert-file=" + file("apiserver.crt"),
                    "--tls-private-key-file=" + file("apiserver.key"),
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-account-key-file=" + file("sa.pub"), "--service-account-signing-key-file=" + file("sa.key"),
                    "--service-cluster-ip-range=10.96.0.0/16", "--authorization-mode=Node,RBAC",
                    "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true",
                    "--kubelet-client-certificate=" + file("kubelet-client.crt"),
                    "--kubelet-client-key=" + file("kubelet-client.key"),
                    "--kubelet-preferred-address-types=InternalIP,Hostname", "--profiling=false", "--v=0");
            admin = new KubernetesClientBuilder().withConfig(adminConfig(adminCert)).build();
            waitFor(Duration.ofMinutes(3), "the API server to be ready", () -> {
                try {
                    return "ok".equals(admin.raw("/readyz"));
                } catch (RuntimeException e) {
                    return false;
                }
            });
            start("kube-controller-manager", "kube-controller-manager", "--kubeconfig=" + file("admin.conf"),
                    "--authentication-kubeconfig=" + file("admin.conf"), "--authorization-kubeconfig=" + file("admin.conf"),
                    "--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
                    "--cluster-signing-cert-file=" + file("ca.crt"), "--cluster-signing-key-file=" + file("ca.key"),
                    "--root-ca-file=" + file("ca.crt"), "--service-account-private-key-file=" + file("sa.key"),
                    "--use-service-account-credentials=false",
                    "--controllers=csrapproving,csrsigning,serviceaccount,root-ca-cert-publisher,garbagecollector,nodelifecycle,"
                            // Services of web-app pods (WagiIT) get their Endpoints and EndpointSlices.
                            + "endpoint,endpointslice",
                    "--profiling=false", "--v=0");
            configureNodeBootstrap();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("failed to start the test control plane", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    public KubernetesClient admin() {
        return admin;
    }

    public String server() {
        return "https://127.0.0.1:" + apiServerPort;
    }

    public String caPem() {
        return ca.certificatePem();
    }

    public String bootstrapToken() {
        return bootstrapToken;
    }

    /** A kubeconfig a joining node is given: server, CA and the bootstrap token. */
    public String bootstrapKubeconfig() {
        return bootstrapKubeconfig(bootstrapToken);
    }

    /**
     * TLS for a client holding a certificate the cluster CA issued to {@code O=organization,
     * CN=commonName}; it accepts any server certificate (tests look at what a server serves).
     */
    public javax.net.ssl.SSLContext clientTls(String organization, String commonName) {
        TestPki.Issued client = TestPki.client(ca, organization, commonName);
        try {
            var keys = java.security.KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                    new java.security.cert.Certificate[] {client.certificate()});
            var keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            var context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new javax.net.ssl.TrustManager[] {new AnyServer()}, null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("failed to set up a test client certificate", e);
        }
    }

    /** Accepts any server certificate. */
    public static final class AnyServer implements javax.net.ssl.X509TrustManager {

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** A new namespace with its default service account, for one test. */
    public String namespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        waitFor(Duration.ofSeconds(60), "the default service account in " + name,
                () -> admin.serviceAccounts().inNamespace(name).withName("default").get() != null);
        return name;
    }

    /** Runs the pinned kubectl against the cluster as its admin; returns stdout, or fails with stderr. */
    public String kubectl(Duration timeout, String... args) {
        Process process = kubectlProcess(args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in " + timeout);
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + err + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts kubectl and leaves it running (for {@code logs -f}); the caller ends it. */
    public Process kubectlProcess(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "kubectl", "--kubeconfig=" + file("admin.conf")));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to run kubectl", e);
        }
    }

    /** Waits until {@code condition} holds, polling; fails naming what it waited for. */
    public static void waitFor(Duration timeout, String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The bootstrap token and the kubeadm-style RBAC the worker agent creates (its ConfigureNodeBootstrap step). */
    private void configureNodeBootstrap() {
        bootstrapToken = newBootstrapToken();
        addBootstrapToken(bootstrapToken);
        bind("hearth:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers");
        bind("hearth:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                "system:bootstrappers");
        bind("hearth:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes");
    }

    /** A token of the bootstrap-token form ({@code <6>.<16>}) that the cluster does not know yet. */
    public static String newBootstrapToken() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 6) + "."
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Makes {@code token} (from {@link #newBootstrapToken}) valid for joining, as the agent's Secret does. */
    public void addBootstrapToken(String token) {
        String id = token.substring(0, token.indexOf('.'));
        String secret = token.substring(token.indexOf('.') + 1);
        admin.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                .withNewMetadata().withName("bootstrap-token-" + id).withNamespace("kube-system").endMetadata()
                .withType("bootstrap.kubernetes.io/token")
                .addToStringData("token-id", id)
                .addToStringData("token-secret", secret)
                .addToStringData("usage-bootstrap-authentication", "true")
                .addToStringData("usage-bootstrap-signing", "true")
                .addToStringData("auth-extra-groups", "system:bootstrappers:hearth")
                .build()).create();
    }

    /** A kubeconfig a joining node is given, holding {@code token}. */
    public String bootstrapKubeconfig(String token) {
        return new dev.hearth.wasmnode.bootstrap.BootstrapCredentials(server(), caPem(), token).toKubeconfig();
    }

    private void bind(String name, String clusterRole, String group) {
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject()
                .build()).create();
    }

    private Config adminConfig(TestPki.Issued adminCert) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(server())
                .withCaCertData(base64(ca.certificatePem()))
                .withClientCertData(base64(adminCert.certificatePem()))
                .withClientKeyData(base64(adminCert.keyPem()))
                .withClientKeyAlgo("EC")
                .build();
    }

    private String kubeconfig(TestPki.Issued user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: test
                  context: {cluster: test, user: admin}
                current-context: test
                """.formatted(server(), base64(ca.certificatePem()), base64(user.certificatePem()), base64(user.keyPem()));
    }

    private void start(String name, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(binary.toString()));
        args.addAll(List.of(command));
        Path log = dir.resolve(name + ".log");
        processes.add(new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** Stops the control plane; safe to call twice. */
    public synchronized void stop() {
        if (admin != null) {
            admin.close();
        }
        for (Process process : processes.reversed()) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The cached multi-call binary; build-kube.sh compiles it the first time (long) and prints its path. */
    private static Path kubeBinary() throws IOException {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../node-image/build-kube.sh").normalize();
        Process build = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (build.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " failed to provide the Kubernetes binary");
            }
            return Path.of(out.lines().reduce((first, second) -> second).orElseThrow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
