package dev.hearth.wasmnode.bootstrap;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gets the node its client certificate the way a kubelet does with TLS bootstrapping: with the
 * bootstrap token, submit a {@code kubernetes.io/kube-apiserver-client-kubelet} request for
 * {@code system:node:<name>}, wait until the controller manager approves it (the agent's RBAC lets it)
 * and the signer issues it, then keep the result as a kubeconfig in the state directory, so a
 * restarted node reuses it instead of joining again.
 */
public final class ClientCertificateBootstrap {

    private static final System.Logger LOG = System.getLogger(ClientCertificateBootstrap.class.getName());

    /** How often a node that cannot join yet tries again: short, since the API server is seconds away. */
    private static final Duration JOIN_RETRY = Duration.ofMillis(200);

    private final String nodeName;
    private final Path kubeconfig;
    private final Supplier<BootstrapCredentials> bootstrap;
    private final NodeKeys keys;
    private final Clock clock;
    private final Duration approvalTimeout;

    /**
     * @param kubeconfig where the node's kubeconfig is kept
     * @param bootstrap the join credentials, read only when the node has no usable kubeconfig
     */
    public ClientCertificateBootstrap(String nodeName, Path kubeconfig, Supplier<BootstrapCredentials> bootstrap,
            NodeKeys keys, Clock clock, Duration approvalTimeout) {
        this.nodeName = nodeName;
        this.kubeconfig = kubeconfig;
        this.bootstrap = bootstrap;
        this.keys = keys;
        this.clock = clock;
        this.approvalTimeout = approvalTimeout;
    }

    /** The node's credentials: the kept ones while they are valid, new ones otherwise. */
    public NodeCredentials credentials() {
        if (Files.isRegularFile(kubeconfig)) {
            NodeCredentials kept = NodeCredentials.fromKubeconfig(read());
            if (kept.validFor(nodeName, clock.instant())) {
                LOG.log(Level.INFO, "node {0} reuses its client certificate from {1}", nodeName, kubeconfig);
                return kept;
            }
            LOG.log(Level.INFO, "node {0}: the client certificate in {1} is expired or not this node''s; joining again",
                    nodeName, kubeconfig);
        }
        NodeCredentials issued = join(bootstrap.get());
        write(issued.toKubeconfig());
        return issued;
    }

    private NodeCredentials join(BootstrapCredentials credentials) {
        KeyPair keyPair = keys.newKeyPair();
        var config = new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                .withMasterUrl(credentials.server())
                .withCaCertData(NodeKubeconfig.base64(credentials.caPem()))
                .withOauthToken(credentials.token())
                // Retried below at a steady pace instead: fabric8's doubling back-off could leave a node
                // asleep for seconds after its API server came up.
                .withRequestRetryBackoffLimit(0)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            var signing = new CertificateSigning(client);
            String name = submitWhenJoinable(signing, keyPair, credentials.server());
            LOG.log(Level.INFO, "node {0} asked for its client certificate ({1}); waiting for approval", nodeName, name);
            String certificate = signing.awaitCertificate(name, approvalTimeout).orElseThrow(() -> new BootstrapException(
                    "no client certificate was issued for node " + nodeName + " within " + approvalTimeout.toSeconds()
                    + " s: certificate signing request " + name + " is not approved; does the cluster have the"
                    + " node auto-approval RBAC?"));
            return new NodeCredentials(credentials.server(), credentials.caPem(), keyPair, certificate);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw new BootstrapException("failed to get a client certificate for node " + nodeName + " from "
                    + credentials.server() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Submits the client CSR, retrying while the cluster cannot take it yet: the agent starts the node
     * while the API server is still starting (connection refused, 5xx) and before the bootstrap token
     * and its RBAC exist (401, 403). Anything else, or still failing at the deadline, ends the join.
     */
    private String submitWhenJoinable(CertificateSigning signing, KeyPair keyPair, String server) {
        Instant deadline = clock.instant().plus(approvalTimeout);
        boolean told = false;
        while (true) {
            try {
                return signing.submit("node-csr-" + nodeName + "-", CertificateSigning.CLIENT_SIGNER,
                        CertificateRequests.client(nodeName, keyPair), List.of("digital signature", "client auth"));
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (!notJoinableYet(e.getCode()) || clock.instant().isAfter(deadline)) {
                    throw e;
                }
                if (!told) {
                    LOG.log(Level.INFO, "node {0} waits for {1} to accept its bootstrap token (HTTP {2})", nodeName,
                            server, e.getCode() <= 0 ? "no answer" : e.getCode());
                    told = true;
                }
            }
            try {
                Thread.sleep(JOIN_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BootstrapException("interrupted while node " + nodeName + " waited to join " + server, e);
            }
        }
    }

    /** No answer, the token or its RBAC not there yet, or the API server busy starting. */
    static boolean notJoinableYet(int httpCode) {
        return httpCode <= 0 || httpCode == 401 || httpCode == 403 || httpCode == 429 || httpCode >= 500;
    }

    private String read() {
        return SecretFiles.read(kubeconfig);
    }

    private void write(String text) {
        SecretFiles.write(kubeconfig, text);
    }
}
