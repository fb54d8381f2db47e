package dev.hearth.wasmnode.bootstrap;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Submits a {@code certificates.k8s.io/v1} CertificateSigningRequest and waits for its certificate,
 * as a kubelet does: the request is made once, someone approves it (the controller manager for client
 * certificates, the worker agent for serving ones), the signer issues it.
 */
public final class CertificateSigning {

    public static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String SERVING_SIGNER = "kubernetes.io/kubelet-serving";

    private final KubernetesClient kubernetes;

    public CertificateSigning(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
    }

    /**
     * Creates the request.
     *
     * @param generateName the prefix of its name; the API server adds a unique suffix
     * @return the request's name
     */
    public String submit(String generateName, String signerName, String requestPem, List<String> usages) {
        CertificateSigningRequest csr = new CertificateSigningRequestBuilder()
                .withNewMetadata().withGenerateName(generateName).endMetadata()
                .withNewSpec()
                    .withSignerName(signerName)
                    .withRequest(Base64.getEncoder().encodeToString(requestPem.getBytes(StandardCharsets.US_ASCII)))
                    .withUsages(usages)
                .endSpec()
                .build();
        return kubernetes.certificates().v1().certificateSigningRequests().resource(csr).create().getMetadata().getName();
    }

    /**
     * Waits until the request is issued.
     *
     * @return the issued certificate chain, PEM; empty when nothing was issued within {@code timeout}
     * @throws BootstrapException when the request is denied, fails or is deleted
     */
    public Optional<String> awaitCertificate(String name, Duration timeout) {
        try {
            CertificateSigningRequest issued = kubernetes.certificates().v1().certificateSigningRequests().withName(name)
                    .waitUntilCondition(csr -> csr == null || refusal(csr).isPresent() || hasCertificate(csr),
                            timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (issued == null) {
                throw new BootstrapException("certificate signing request " + name + " was deleted before it was issued");
            }
            Optional<String> refusal = refusal(issued);
            if (refusal.isPresent()) {
                throw new BootstrapException("certificate signing request " + name + " was " + refusal.get());
            }
            return Optional.of(new String(Base64.getDecoder().decode(issued.getStatus().getCertificate()),
                    StandardCharsets.US_ASCII));
        } catch (KubernetesClientTimeoutException e) {
            return Optional.empty();
        }
    }

    private static boolean hasCertificate(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }

    private static Optional<String> refusal(CertificateSigningRequest csr) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return csr.getStatus().getConditions().stream()
                .filter(condition -> "Denied".equals(condition.getType()) || "Failed".equals(condition.getType()))
                .map(CertificateSigning::describe)
                .findFirst();
    }

    private static String describe(CertificateSigningRequestCondition condition) {
        return condition.getType().toLowerCase() + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
    }
}
