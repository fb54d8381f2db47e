package dev.hearth.wasmnode.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
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
import org.bouncycastle.util.io.pem.PemObject;

/** PEM text of the node's certificates and keys, in the forms kubectl, client-go and fabric8 all read. */
public final class Pem {

    private Pem() {}

    public static String write(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new BootstrapException("failed to encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString();
    }

    /**
     * An ECDSA key pair as SEC 1 {@code EC PRIVATE KEY} with its public point: fabric8 reads a PKCS #8
     * {@code PRIVATE KEY} block as RSA only, so the node's own kubeconfig needs this form.
     */
    public static String ecPrivateKey(KeyPair keyPair) {
        var info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        var curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        byte[] point = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        var key = (ECPrivateKey) keyPair.getPrivate();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                new DERBitString(point), curve);
        try {
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new BootstrapException("failed to encode the node's EC private key", e);
        }
    }

    /** Reads back a key pair written by {@link #ecPrivateKey}. */
    public static KeyPair readKeyPair(String pem) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair);
            }
            throw new BootstrapException("the PEM text holds no EC key pair");
        } catch (IOException e) {
            throw new BootstrapException("failed to read a PEM key pair", e);
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
            throw new BootstrapException("failed to read PEM certificates", e);
        }
    }
}
