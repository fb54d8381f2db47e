package dev.hearth.wasmnode.bootstrap;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key and certificate chain the kubelet API serves with.
 *
 * @param keys the serving key pair
 * @param chain the certificate first, then any issuers sent with it
 * @param issuedByCluster whether the cluster's signer issued it (else it is the node's own,
 *     self-signed stand-in, served until the serving CSR is approved)
 */
public record ServingIdentity(KeyPair keys, List<X509Certificate> chain, boolean issuedByCluster) {

    public ServingIdentity {
        Objects.requireNonNull(keys, "keys");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving identity needs a certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }
}
