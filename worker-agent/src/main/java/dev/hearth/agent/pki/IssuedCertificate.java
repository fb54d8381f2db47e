package dev.hearth.agent.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A certificate together with the key pair it certifies; for a CA, the key also signs others. */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    public String certificatePem() {
        return PemEncoding.certificate(certificate);
    }

    public String privateKeyPem() {
        return PemEncoding.privateKey(keyPair.getPrivate());
    }

    /** The key as kubeconfigs carry it, readable by kubectl and by fabric8 clients alike. */
    public String kubeconfigKeyPem() {
        return PemEncoding.sec1PrivateKey(keyPair);
    }
}
