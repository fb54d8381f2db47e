package dev.hearth.backend.cluster;

import java.security.SecureRandom;

/** Short cluster ids ({@code c-7k2m9x}): DNS-label safe, since they name containers and networks. */
final class ClusterIds {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterIds() {
    }

    /** 32^6 ≈ 10^9 ids; the caller retries on the rare collision. */
    static String next() {
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "c-" + new String(id);
    }
}
