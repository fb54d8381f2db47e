package dev.hearth.agent.provision;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cluster's node bootstrap token (https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/),
 * derived from its admin credentials rather than drawn at random: the WASI node can then be started
 * with it before the API server answers (its JVM start overlaps the API server's), and a restarted
 * agent computes the same token again without reading it back from the cluster. The credentials hold
 * the admin client key, so nobody without them can compute it.
 *
 * @param id the token id, 6 characters of {@code [a-z0-9]} (the Secret is {@code bootstrap-token-<id>})
 * @param secret the token secret, 16 characters of {@code [a-z0-9]}
 */
record BootstrapToken(String id, String secret) {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final byte[] PURPOSE = "hearth node bootstrap token v1".getBytes(StandardCharsets.US_ASCII);

    static BootstrapToken derivedFrom(AdminCredentials credentials) {
        byte[] digest;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(credentials.kubeconfig().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            digest = mac.doFinal(PURPOSE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        // 22 characters from 32 bytes: each byte picks one of 36 characters (a slight bias, harmless
        // for a 6+16 character token that lives as long as its cluster).
        StringBuilder text = new StringBuilder(22);
        for (int i = 0; i < 22; i++) {
            text.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
        }
        return new BootstrapToken(text.substring(0, 6), text.substring(6));
    }

    /** The token as a bearer credential: {@code <id>.<secret>}. */
    String value() {
        return id + "." + secret;
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + "]";
    }
}
