package dev.hearth.backend.problem;

import java.sql.SQLException;
import java.util.Set;

/**
 * PostgreSQL's refusal of a text value it cannot hold: NUL in {@code text}
 * ({@code 22021 character_not_in_repertoire}) or {@code \\u0000} in {@code jsonb}
 * ({@code 22P05 untranslatable_character}). The last line of defence behind the input checks
 * ({@code dev.hearth.backend.input}), so such a value is a 400 even where a check is missing.
 */
final class DatabaseRefusedText {

    private static final Set<String> STATES = Set.of("22021", "22P05");

    private DatabaseRefusedText() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
