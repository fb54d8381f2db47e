package dev.hearth.agent.pki;

import dev.hearth.kit.pem.Pem;
import java.security.KeyPair;

/**
 * Every certificate and key one cluster's control plane needs, laid out as kubeadm does: a cluster
 * CA (which the controller manager also uses to sign kubelet CSRs), a front-proxy CA for the
 * aggregation layer, and the service-account signing key pair.
 */
public record ClusterPki(
        IssuedCertificate ca,
        IssuedCertificate frontProxyCa,
        IssuedCertificate apiServer,
        IssuedCertificate apiServerKubeletClient,
        IssuedCertificate frontProxyClient,
        IssuedCertificate admin,
        IssuedCertificate controllerManager,
        IssuedCertificate scheduler,
        KeyPair serviceAccount) {

    public String serviceAccountPublicKeyPem() {
        return Pem.publicKey(serviceAccount.getPublic());
    }

    public String serviceAccountPrivateKeyPem() {
        return Pem.pkcs8PrivateKey(serviceAccount.getPrivate());
    }
}
