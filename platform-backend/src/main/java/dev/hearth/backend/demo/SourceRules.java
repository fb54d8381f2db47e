package dev.hearth.backend.demo;

import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.protocol.BuildLanguage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What a participant's source must be before it is saved or built: a language the builder knows and
 * one non-empty file of at most 64 KiB (issue 5). Too big is a 400 naming {@code source}, not a 413:
 * the limit is on one field, checked like the others, while 413 is left to the transport's own
 * request-size limit.
 */
public final class SourceRules {

    public static final int MAX_BYTES = 64 * 1024;

    private SourceRules() {
    }

    /** @throws ValidationProblem naming {@code language} and/or {@code source} */
    public static BuildLanguage check(String language, String source) {
        List<FieldError> errors = new ArrayList<>();
        BuildLanguage parsed = language(language, errors);
        if (source == null || source.isBlank()) {
            errors.add(new FieldError("source", "is empty; write a program (or start from the template)"));
        } else {
            int bytes = source.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                errors.add(new FieldError("source", "is " + bytes + " bytes; at most " + MAX_BYTES + " (64 KiB) are allowed"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return parsed;
    }

    /** @throws ValidationProblem naming {@code language} */
    public static BuildLanguage language(String language) {
        List<FieldError> errors = new ArrayList<>();
        BuildLanguage parsed = language(language, errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return parsed;
    }

    private static BuildLanguage language(String language, List<FieldError> errors) {
        String wanted = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "rust" -> BuildLanguage.RUST;
            case "c" -> BuildLanguage.C;
            default -> {
                errors.add(new FieldError("language", (wanted.isEmpty() ? "is missing" : "'" + language + "' is not supported")
                        + "; use rust or c"));
                yield null;
            }
        };
    }

    public static String sha256(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
