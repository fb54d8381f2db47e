package dev.hearth.agent.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/** PEM text of certificates and keys, in the forms Kubernetes components read (keys as PKCS #8). */
final class PemEncoding {

    private PemEncoding() {
    }

    static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    static String publicKey(PublicKey key) {
        return write(key);
    }

    static String privateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new PkiException("failed to encode a private key as PKCS #8", e);
        }
    }

    /**
     * An ECDSA key pair as SEC 1 {@code EC PRIVATE KEY}, public point included — the form kubeadm and
     * openssl write: fabric8's kubeconfig loader reads a {@code PRIVATE KEY} (PKCS #8) block as RSA only
     * and needs the public point of an EC one, while kubectl and client-go read any of these forms.
     */
    static String sec1PrivateKey(KeyPair keyPair) {
        var info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        var curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        byte[] point = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        var key = (ECPrivateKey) keyPair.getPrivate();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(), key.getS(),
                new DERBitString(point), curve);
        try {
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new PkiException("failed to encode an EC private key as SEC 1", e);
        }
    }

    private static String write(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new PkiException("failed to encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString();
    }
}
