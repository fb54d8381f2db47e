package dev.hearth.protocol;

/** Checks shared by the message records, so a message missing a key field fails where it is built. */
final class Required {

    private Required() {}

    /** Returns {@code value}, or fails naming the field when it is null or blank. */
    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Returns {@code value}, or fails naming the field when it is null. */
    static <T> T value(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
