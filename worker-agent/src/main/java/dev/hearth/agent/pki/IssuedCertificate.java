package dev.hearth.agent.pki;

import dev.hearth.kit.pem.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A certificate together with the key pair it certifies; for a CA, the key also signs others. */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.pkcs8PrivateKey(keyPair.getPrivate());
    }

    /** The key as kubeconfigs carry it, readable by kubectl and by fabric8 clients alike. */
    public String kubeconfigKeyPem() {
        return Pem.sec1PrivateKey(keyPair);
    }
}
