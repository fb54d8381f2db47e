package dev.hearth.backend.classroom;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Join codes such as {@code K7QX-M2PA}: short enough to read out in a room, 40 random bits so they
 * cannot be guessed (32^8 ≈ 10^12), and without the letters people confuse (I/1, O/0).
 */
final class JoinCodes {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private JoinCodes() {
    }

    static String next() {
        char[] code = new char[8];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code, 0, 4) + "-" + new String(code, 4, 4);
    }

    /** What a participant typed, in the stored form: case, spaces and dashes do not matter. */
    static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        String bare = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        return bare.length() == 8 ? bare.substring(0, 4) + "-" + bare.substring(4) : bare;
    }
}
