package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts kubeconfigs at rest (docs/agent-channel.md): AES-256-GCM with a fresh random 96-bit nonce per value,
 * stored as {@code nonce || ciphertext+tag}. The cluster id is the associated data, so a ciphertext
 * copied onto another cluster's row fails to decrypt instead of handing out the wrong cluster.
 *
 * <p>The key is optional at start-up on purpose: a backend without one still serves everything but
 * kubeconfigs, and says so, rather than refusing to start.
 */
@ApplicationScoped
public class KubeconfigCipher {

    private static final Logger LOG = Logger.getLogger(KubeconfigCipher.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    @Inject
    public KubeconfigCipher(KubeconfigKey settings) {
        this(settings.kubeconfigKey());
    }

    KubeconfigCipher(Optional<String> base64Key) {
        this.key = base64Key.filter(k -> !k.isBlank()).map(KubeconfigCipher::parseKey).orElse(null);
        if (key == null) {
            LOG.warn("hearth.kubeconfig-key is not set: kubeconfigs from agents cannot be stored or served");
        }
    }

    /** Whether a key is configured. */
    public boolean available() {
        return key != null;
    }

    public byte[] encrypt(String clusterId, String kubeconfig) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, clusterId);
            byte[] sealed = cipher.doFinal(kubeconfig.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to encrypt the kubeconfig of cluster " + clusterId, e);
        }
    }

    public String decrypt(String clusterId, byte[] stored) {
        if (stored.length <= NONCE_BYTES) {
            throw new IllegalStateException("stored kubeconfig of cluster " + clusterId + " is too short to be AES-GCM");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, NONCE_BYTES), clusterId);
            byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // A changed key or a tampered row: either way, nothing trustworthy to hand out.
            throw new IllegalStateException("failed to decrypt the kubeconfig of cluster " + clusterId
                    + " (was hearth.kubeconfig-key changed?)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String clusterId) throws GeneralSecurityException {
        if (key == null) {
            throw new IllegalStateException("hearth.kubeconfig-key is not configured; set it to base64 of 32 random bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(clusterId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static SecretKey parseKey(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hearth.kubeconfig-key must be base64 of 32 bytes: " + e.getMessage(), e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("hearth.kubeconfig-key must be base64 of 32 bytes (AES-256), got "
                    + raw.length + " bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
