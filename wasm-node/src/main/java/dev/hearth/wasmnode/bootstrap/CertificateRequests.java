package dev.hearth.wasmnode.bootstrap;

import dev.hearth.kit.pem.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The PKCS #10 requests a kubelet makes (https://kubernetes.io/docs/reference/access-authn-authz/
 * kubelet-tls-bootstrapping/): its subject is always {@code O=system:nodes, CN=system:node:<name>},
 * which is what the Node authorizer and the CSR approver check.
 */
public final class CertificateRequests {

    private CertificateRequests() {}

    /** For the {@code kubernetes.io/kube-apiserver-client-kubelet} signer: no names besides the subject. */
    public static String client(String nodeName, KeyPair keys) {
        return Pem.write(request(nodeName, keys, null));
    }

    /**
     * For the {@code kubernetes.io/kubelet-serving} signer: DNS and IP names only, as the signer
     * requires, so the API server can check the kubelet API's certificate against the node's address.
     */
    public static String serving(String nodeName, KeyPair keys, List<String> dnsNames, List<InetAddress> ips) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        return Pem.write(request(nodeName, keys, new GeneralNames(names.toArray(GeneralName[]::new))));
    }

    static X500Name subject(String nodeName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "system:nodes")
                .addRDN(BCStyle.CN, "system:node:" + nodeName)
                .build();
    }

    private static PKCS10CertificationRequest request(String nodeName, KeyPair keys, GeneralNames subjectAltNames) {
        var builder = new JcaPKCS10CertificationRequestBuilder(subject(nodeName), keys.getPublic());
        try {
            if (subjectAltNames != null) {
                var extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new BootstrapException("failed to make a certificate request for node " + nodeName, e);
        }
    }
}
