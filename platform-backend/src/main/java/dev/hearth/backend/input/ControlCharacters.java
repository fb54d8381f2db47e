package dev.hearth.backend.input;

import java.util.Optional;

/**
 * The one rule for text that comes in from outside (docs/development.md, "Bad input"): no C0 or C1
 * control character and no lone surrogate. PostgreSQL cannot store NUL at all (the cause of the 500s
 * this rule ends), and the other control characters have no business in an id, a name or a code.
 * Free text that is edited as lines (a module's source, a manifest, a ClusterConfiguration) may also
 * hold tab, line feed and carriage return.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Where a value may hold line breaks and tabs, or nothing of the kind. */
    public enum Text {
        SINGLE_LINE, MULTI_LINE
    }

    /** Why the value is refused ("contains the control character U+0000"), or empty when it is fine. */
    public static Optional<String> problem(String value, Text text) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    return Optional.of("is not valid Unicode text (a lone surrogate U+" + hex(c) + ")");
                }
                i++;
            } else if (Character.getType(c) == Character.CONTROL && !allowed(c, text)) {
                return Optional.of("contains the control character U+" + hex(c) + "; remove it");
            } else if (c == '\uFFFD') {
                // What the request decoder puts where the bytes were not UTF-8.
                return Optional.of("is not valid UTF-8 text");
            }
        }
        return Optional.empty();
    }

    private static boolean allowed(char c, Text text) {
        return text == Text.MULTI_LINE && (c == '\t' || c == '\n' || c == '\r');
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
