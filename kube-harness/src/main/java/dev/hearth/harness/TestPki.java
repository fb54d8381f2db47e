package dev.hearth.harness;

import dev.hearth.kit.pem.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test control plane's PKI: a cluster CA and the certificates the API server and its clients need, all
 * ECDSA P-256 as the worker agent issues them for a real cluster.
 */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and the key pair it certifies. */
    public record Issued(KeyPair keys, X509Certificate certificate) {

        public String certificatePem() {
            return Pem.certificate(certificate);
        }

        /** SEC 1, the form fabric8, kubectl and client-go all read. */
        public String keyPem() {
            return Pem.sec1PrivateKey(keys);
        }
    }

    private TestPki() {}

    public static Issued ca() {
        KeyPair keys = keyPair();
        X500Name name = name(null, "hearth-test-ca");
        return new Issued(keys, sign(name, name, keys, keys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        }));
    }

    public static Issued server(Issued ca, String commonName) {
        KeyPair keys = keyPair();
        return new Issued(keys, sign(name(ca), name(null, commonName), keys, ca.keys(), builder -> {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "10.96.0.1")}));
        }));
    }

    public static Issued client(Issued ca, String organization, String commonName) {
        KeyPair keys = keyPair();
        return new Issued(keys, sign(name(ca), name(organization, commonName), keys, ca.keys(), builder ->
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))));
    }

    public static KeyPair keyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to make an ECDSA P-256 key pair", e);
        }
    }

    private interface Extensions {
        void add(JcaX509v3CertificateBuilder builder) throws Exception;
    }

    private static X500Name name(Issued ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X500Name name(String organization, String commonName) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null) {
            builder.addRDN(BCStyle.O, organization);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys,
            Extensions extensions) {
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                    subjectKeys.getPublic());
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("failed to issue a test certificate for " + subject, e);
        }
    }
}
