package dev.hearth.wasmnode.bootstrap;

import dev.hearth.kit.pem.Pem;
import dev.hearth.kit.pem.PemException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gets the kubelet API its certificate from the cluster: a {@code kubernetes.io/kubelet-serving} CSR
 * naming the node's addresses. Nothing approves these by itself (upstream leaves it to the operator;
 * here the worker agent approves it), so the node serves a self-signed certificate meanwhile and
 * switches to the issued one — kept in the state directory for restarts — as soon as it arrives.
 */
public final class ServingCertificateBootstrap {

    private static final System.Logger LOG = System.getLogger(ServingCertificateBootstrap.class.getName());

    private final String nodeName;
    private final Path keptFile;
    private final NodeKeys keys;
    private final Clock clock;

    /** @param keptFile where the issued key and certificate are kept, PEM */
    public ServingCertificateBootstrap(String nodeName, Path keptFile, NodeKeys keys, Clock clock) {
        this.nodeName = nodeName;
        this.keptFile = keptFile;
        this.keys = keys;
        this.clock = clock;
    }

    /** The issued identity kept from an earlier run, while it is valid for at least another minute. */
    public Optional<ServingIdentity> kept() {
        if (!Files.isRegularFile(keptFile)) {
            return Optional.empty();
        }
        String pem = SecretFiles.read(keptFile);
        ServingIdentity identity = new ServingIdentity(Pem.readKeyPair(pem), Pem.readCertificates(pem), true);
        boolean valid = identity.certificate().getNotAfter().toInstant().isAfter(clock.instant().plusSeconds(60));
        return valid ? Optional.of(identity) : Optional.empty();
    }

    /**
     * Asks for a serving certificate and waits for it, on the calling thread, until it is issued or the
     * thread is interrupted; then keeps it and hands it to {@code issued}.
     */
    public void request(KubernetesClient kubernetes, List<String> dnsNames, List<InetAddress> ips,
            Consumer<ServingIdentity> issued) {
        KeyPair keyPair = keys.newKeyPair();
        var signing = new CertificateSigning(kubernetes);
        try {
            String name = signing.submit("node-serving-" + nodeName + "-", CertificateSigning.SERVING_SIGNER,
                    CertificateRequests.serving(nodeName, keyPair, dnsNames, ips),
                    List.of("digital signature", "server auth"));
            LOG.log(Level.INFO, "node {0} asked for its serving certificate ({1}); serving a self-signed one until"
                    + " it is approved", nodeName, name);
            String chain = awaitPatiently(signing, name);
            if (chain == null) {
                return;
            }
            SecretFiles.write(keptFile, Pem.sec1PrivateKey(keyPair) + chain);
            issued.accept(new ServingIdentity(keyPair, Pem.readCertificates(chain), true));
            LOG.log(Level.INFO, "node {0} now serves the kubelet API with the certificate issued for {1}", nodeName, name);
        } catch (KubernetesClientException | BootstrapException | PemException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            LOG.log(Level.WARNING, "node {0} keeps its self-signed serving certificate: {1}", nodeName, e.getMessage());
        }
    }

    /** Approval can take a while (the agent does it); waits in rounds until it comes or the node stops. */
    private static String awaitPatiently(CertificateSigning signing, String name) {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<String> chain = signing.awaitCertificate(name, Duration.ofMinutes(5));
            if (chain.isPresent()) {
                return chain.get();
            }
            LOG.log(Level.INFO, "serving certificate request {0} is still not approved", name);
        }
        return null;
    }
}
