package dev.hearth.agent.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

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
