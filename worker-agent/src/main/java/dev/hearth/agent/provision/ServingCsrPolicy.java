package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Which kubelet serving CSRs the agent approves for a WASI node — the checks kubeadm's docs ask of
 * whoever approves {@code kubernetes.io/kubelet-serving} requests, since the controller manager does
 * not (https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation):
 * the requester is that node ({@code system:node:<name>} in {@code system:nodes}), the subject says the
 * same, the usages are a server's, and every name and address in it is one of the node's own.
 */
final class ServingCsrPolicy {

    static final String SIGNER = "kubernetes.io/kubelet-serving";
    private static final Set<String> SERVER_USAGES = Set.of("server auth", "digital signature", "key encipherment");

    private ServingCsrPolicy() {
    }

    /** Still waiting for a decision: neither approved nor denied. */
    static boolean pending(CertificateSigningRequest csr) {
        return csr.getStatus() == null || csr.getStatus().getConditions() == null
                || csr.getStatus().getConditions().stream().noneMatch(c -> "Approved".equals(c.getType()) || "Denied".equals(c.getType()));
    }

    static boolean approved(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getConditions() != null
                && csr.getStatus().getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()));
    }

    /**
     * Why {@code csr} must not be approved for {@code node}; empty when it may.
     *
     * @param node the Node object as the node registered it (its addresses are the allowed SANs)
     */
    static Optional<String> refusal(CertificateSigningRequest csr, Node node) {
        String name = node.getMetadata().getName();
        CertificateSigningRequestSpec spec = csr.getSpec();
        if (!SIGNER.equals(spec.getSignerName())) {
            return Optional.of("signer is " + spec.getSignerName() + ", not " + SIGNER);
        }
        if (!("system:node:" + name).equals(spec.getUsername())) {
            return Optional.of("requested by " + spec.getUsername() + ", not system:node:" + name);
        }
        if (spec.getGroups() == null || !spec.getGroups().contains("system:nodes")) {
            return Optional.of("requester is not in system:nodes");
        }
        if (spec.getUsages() == null || !spec.getUsages().contains("server auth")
                || !SERVER_USAGES.containsAll(spec.getUsages())) {
            return Optional.of("usages " + spec.getUsages() + " are not a serving certificate's");
        }
        PKCS10CertificationRequest request;
        try {
            request = parse(spec.getRequest());
        } catch (IOException | RuntimeException e) {
            return Optional.of("the request is not a PEM certificate request");
        }
        if (!subjectIs(request, "system:node:" + name, "system:nodes")) {
            return Optional.of("subject " + request.getSubject() + " is not CN=system:node:" + name + ", O=system:nodes");
        }
        List<String> names = subjectAlternativeNames(request);
        if (names.isEmpty()) {
            return Optional.of("it names no DNS name or IP address");
        }
        Set<String> allowed = addresses(node);
        List<String> foreign = names.stream().filter(san -> !allowed.contains(san)).toList();
        if (!foreign.isEmpty()) {
            return Optional.of("it names " + foreign + ", which are not among the node's addresses " + allowed);
        }
        return Optional.empty();
    }

    /** The node's addresses as it reported them; IPs in canonical form. */
    static Set<String> addresses(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Set.of();
        }
        return node.getStatus().getAddresses().stream().map(NodeAddress::getAddress).map(ServingCsrPolicy::canonical)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static PKCS10CertificationRequest parse(String base64Pem) throws IOException {
        String pem = new String(Base64.getDecoder().decode(base64Pem), StandardCharsets.US_ASCII);
        try (var parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static boolean subjectIs(PKCS10CertificationRequest request, String commonName, String organization) {
        RDN[] cn = request.getSubject().getRDNs(BCStyle.CN);
        RDN[] o = request.getSubject().getRDNs(BCStyle.O);
        return cn.length == 1 && commonName.equals(cn[0].getFirst().getValue().toString())
                && o.length == 1 && organization.equals(o[0].getFirst().getValue().toString());
    }

    private static List<String> subjectAlternativeNames(PKCS10CertificationRequest request) {
        List<String> names = new ArrayList<>();
        for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (sans == null) {
                continue;
            }
            for (GeneralName san : sans.getNames()) {
                names.add(switch (san.getTagNo()) {
                    case GeneralName.dNSName -> san.getName().toString();
                    case GeneralName.iPAddress -> ipAddress(san);
                    // Email, URI and the rest have no place in a kubelet's serving certificate.
                    default -> "unexpected name " + san;
                });
            }
        }
        return names;
    }

    private static String ipAddress(GeneralName san) {
        try {
            byte[] octets = org.bouncycastle.asn1.DEROctetString.getInstance(san.getName()).getOctets();
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return "malformed IP address";
        }
    }

    private static String canonical(String address) {
        if (address.matches("[0-9.]+") || address.contains(":")) {
            try {
                return InetAddress.getByName(address).getHostAddress();
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }
}
