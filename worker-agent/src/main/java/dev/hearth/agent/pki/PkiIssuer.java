package dev.hearth.agent.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a cluster's PKI with BouncyCastle. Keys are ECDSA P-256: Kubernetes accepts them
 * everywhere, and they take milliseconds to make where RSA-2048 takes a noticeable part of a
 * second each — and a cluster needs nine.
 */
public final class PkiIssuer {

    /** Certificates start a little in the past so a host whose clock lags slightly still accepts them. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final Clock clock;
    private final SecureRandom random;

    public PkiIssuer(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    public ClusterPki issue(ClusterPkiRequest request) {
        Instant notBefore = clock.instant().minus(CLOCK_SKEW);
        Instant notAfter = clock.instant().plus(request.validity());
        var validity = new Validity(notBefore, notAfter);

        IssuedCertificate ca = selfSignedCa("hearth-" + request.clusterId() + "-ca", validity);
        IssuedCertificate frontProxyCa = selfSignedCa("hearth-" + request.clusterId() + "-front-proxy-ca", validity);
        return new ClusterPki(
                ca,
                frontProxyCa,
                issue(ca, name(null, "kube-apiserver"), validity, KeyPurposeId.id_kp_serverAuth, apiServerNames(request)),
                // Kubernetes' own "system:masters"-like group for the API server's calls to kubelets.
                issue(ca, name("system:masters", "kube-apiserver-kubelet-client"), validity, KeyPurposeId.id_kp_clientAuth, null),
                issue(frontProxyCa, name(null, "front-proxy-client"), validity, KeyPurposeId.id_kp_clientAuth, null),
                issue(ca, name("system:masters", "hearth-admin"), validity, KeyPurposeId.id_kp_clientAuth, null),
                // In system:masters because its controllers share its own credentials
                // (--use-service-account-credentials=false, node-image/control-plane): the per-controller
                // service accounts cost ~4 s of controller-manager start, all spent before CSR signing.
                issue(ca, name("system:masters", "system:kube-controller-manager"), validity, KeyPurposeId.id_kp_clientAuth, null),
                issue(ca, name(null, "system:kube-scheduler"), validity, KeyPurposeId.id_kp_clientAuth, null),
                newKeyPair());
    }

    private record Validity(Instant notBefore, Instant notAfter) {
    }

    private IssuedCertificate selfSignedCa(String commonName, Validity validity) {
        KeyPair keyPair = newKeyPair();
        X500Name subject = name(null, commonName);
        try {
            var builder = builder(subject, subject, keyPair, validity);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            return new IssuedCertificate(sign(builder, keyPair), keyPair);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("failed to make CA " + commonName, e);
        }
    }

    private IssuedCertificate issue(IssuedCertificate issuer, X500Name subject, Validity validity,
            KeyPurposeId purpose, GeneralNames subjectAltNames) {
        KeyPair keyPair = newKeyPair();
        try {
            X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            var builder = builder(issuerName, subject, keyPair, validity);
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            if (subjectAltNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
            }
            return new IssuedCertificate(sign(builder, issuer.keyPair()), keyPair);
        } catch (CertIOException | GeneralSecurityException e) {
            throw new PkiException("failed to issue certificate for " + subject, e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keyPair, Validity validity)
            throws CertIOException, GeneralSecurityException {
        var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        return builder;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            var contentSigner = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralNames apiServerNames(ClusterPkiRequest request) {
        List<GeneralName> names = new ArrayList<>();
        request.apiServerDnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        request.apiServerAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** Kubernetes reads the user from CN and the groups from O. */
    private static X500Name name(String organization, String commonName) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null) {
            builder.addRDN(BCStyle.O, organization);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("failed to make an ECDSA P-256 key pair", e);
        }
    }
}
