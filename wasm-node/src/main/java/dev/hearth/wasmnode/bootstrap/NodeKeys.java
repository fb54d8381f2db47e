package dev.hearth.wasmnode.bootstrap;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * Makes the node's keys: ECDSA P-256, which every Kubernetes signer accepts and which takes
 * milliseconds where RSA takes a noticeable part of a second.
 */
public final class NodeKeys {

    private final SecureRandom random;

    public NodeKeys(SecureRandom random) {
        this.random = random;
    }

    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new BootstrapException("failed to make an ECDSA P-256 key pair", e);
        }
    }
}
