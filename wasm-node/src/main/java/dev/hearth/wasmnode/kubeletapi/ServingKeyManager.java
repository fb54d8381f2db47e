package dev.hearth.wasmnode.kubeletapi;

import dev.hearth.wasmnode.bootstrap.ServingIdentity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves whichever identity the node holds now, so the kubelet API moves from its self-signed
 * certificate to the cluster-issued one without a restart: new connections get the new one.
 */
final class ServingKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "kubelet-serving";

    private volatile ServingIdentity identity;

    ServingKeyManager(ServingIdentity identity) {
        this.identity = identity;
    }

    void use(ServingIdentity newer) {
        this.identity = newer;
    }

    ServingIdentity identity() {
        return identity;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return identity.keys().getPrivate().getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? identity.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? identity.keys().getPrivate() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseServerAlias(keyType, issuers, null);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
