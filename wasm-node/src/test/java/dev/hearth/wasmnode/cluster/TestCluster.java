package dev.hearth.wasmnode.cluster;

import dev.hearth.harness.ControlPlane;
import dev.hearth.harness.TestPki;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The wasm-node's tests' cluster (docs/architecture.md, "Conventions"): the shared test control plane
 * ({@link ControlPlane}, with the controllers a joining node needs) plus what the worker agent's
 * ConfigureNodeBootstrap step adds — a bootstrap token and the kubeadm-style RBAC — so a node joins exactly
 * as it does in a Hearth cluster. One per test JVM, stopped when the JVM exits.
 */
public final class TestCluster {

    private static TestCluster shared;

    private final ControlPlane plane;
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
        plane = ControlPlane.startWithControllers();
        try {
            admin = plane.adminClient();
            configureNodeBootstrap();
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    public KubernetesClient admin() {
        return admin;
    }

    public String server() {
        return plane.server();
    }

    public String caPem() {
        return plane.caPem();
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
        TestPki.Issued client = TestPki.client(plane.ca(), organization, commonName);
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
        List<String> command = new ArrayList<>(List.of(plane.binary().toString(), "kubectl",
                "--kubeconfig=" + plane.file("admin.conf")));
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

    /** Stops the control plane; safe to call twice. */
    public synchronized void stop() {
        if (admin != null) {
            admin.close();
        }
        plane.close();
    }
}
