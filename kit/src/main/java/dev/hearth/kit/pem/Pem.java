package dev.hearth.kit.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM text of certificates and keys, in the forms kubectl, client-go, the Kubernetes components and
 * fabric8 all read; the one place Hearth writes or reads PEM (the agent's cluster PKI, the WASI node's
 * bootstrap and their tests).
 */
public final class Pem {

    private Pem() {
    }

    /** Any object bouncycastle's PEM writer knows: a certificate, a public key, a CSR, a PEM object. */
    public static String write(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new PemException("failed to encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString();
    }

    public static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    public static String publicKey(PublicKey key) {
        return write(key);
    }

    /** A private key as PKCS #8 {@code PRIVATE KEY}, the form kube-apiserver reads for service-account keys. */
    public static String pkcs8PrivateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new PemException("failed to encode a private key as PKCS #8", e);
        }
    }

    /**
     * An ECDSA key pair as SEC 1 {@code EC PRIVATE KEY}, public point included — the form kubeadm and
     * openssl write: fabric8's kubeconfig loader reads a {@code PRIVATE KEY} (PKCS #8) block as RSA only
     * and needs the public point of an EC one, while kubectl and client-go read any of these forms.
     */
    public static String sec1PrivateKey(KeyPair keyPair) {
        var info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        var curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        byte[] point = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        var key = (ECPrivateKey) keyPair.getPrivate();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                new DERBitString(point), curve);
        try {
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new PemException("failed to encode an EC private key as SEC 1", e);
        }
    }

    /** Reads back the first key pair in {@code pem}, such as one written by {@link #sec1PrivateKey}. */
    public static KeyPair readKeyPair(String pem) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair);
            }
            throw new PemException("the PEM text holds no key pair");
        } catch (IOException e) {
            throw new PemException("failed to read a PEM key pair", e);
        }
    }

    /** Every certificate in a PEM bundle, in order (an issued certificate may come with its chain). */
    public static List<X509Certificate> readCertificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException e) {
            throw new PemException("failed to read PEM certificates", e);
        }
    }
}
