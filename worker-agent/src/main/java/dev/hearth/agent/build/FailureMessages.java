package dev.hearth.agent.build;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line a failed build's result says: the compiler's first error with its place in the
 * source, as rustc and clang print them, with the container's {@code /src/} path taken off.
 */
public final class FailureMessages {

    /** clang: {@code /src/main.c:3:5: error: use of undeclared identifier 'x'} (also "fatal error"). */
    private static final Pattern CLANG = Pattern.compile("^(?:/src/)?(main\\.c:\\d+:\\d+): (?:fatal )?error: (.*)$");
    /** rustc: {@code error[E0425]: cannot find value `x` in this scope}, its place on a later ` --> ` line. */
    private static final Pattern RUSTC = Pattern.compile("^error(\\[E\\d+])?: (.*)$");
    private static final Pattern RUSTC_PLACE = Pattern.compile("^\\s*--> (?:/src/)?(main\\.rs:\\d+:\\d+)$");
    private static final int MAX_LENGTH = 300;

    private FailureMessages() {
    }

    /** The first error in {@code log}, if the compiler printed one in a form we know. */
    public static Optional<String> firstError(List<String> log) {
        for (int i = 0; i < log.size(); i++) {
            String line = log.get(i);
            Matcher clang = CLANG.matcher(line);
            if (clang.matches()) {
                return Optional.of(cut(clang.group(1) + ": error: " + clang.group(2)));
            }
            Matcher rustc = RUSTC.matcher(line);
            if (rustc.matches()) {
                String message = "error" + (rustc.group(1) == null ? "" : rustc.group(1)) + ": " + rustc.group(2);
                return Optional.of(cut(placeAfter(log, i).map(place -> place + ": " + message).orElse(message)));
            }
        }
        return Optional.empty();
    }

    /** rustc names the place on the first {@code -->} line after the message, before the next message. */
    private static Optional<String> placeAfter(List<String> log, int messageLine) {
        for (int i = messageLine + 1; i < log.size() && i <= messageLine + 3; i++) {
            Matcher place = RUSTC_PLACE.matcher(log.get(i));
            if (place.matches()) {
                return Optional.of(place.group(1));
            }
        }
        return Optional.empty();
    }

    private static String cut(String message) {
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH - 1) + "…";
    }
}
