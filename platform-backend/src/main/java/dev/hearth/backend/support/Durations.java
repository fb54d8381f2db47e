package dev.hearth.backend.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people type: kind/Cinder-style {@code 4h}, {@code 90m}, {@code 1h30m},
 * {@code 7d}, and ISO-8601 {@code PT4H} for tools that emit that.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([dhms])");
    private static final Pattern WHOLE_SHORT = Pattern.compile("(\\d{1,6}[dhms])+");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message fit to show a user */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be empty; use a duration such as 4h or 90m");
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        if (WHOLE_SHORT.matcher(value).matches()) {
            duration = Duration.ZERO;
            Matcher m = SHORT.matcher(value);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                duration = duration.plus(switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            }
        } else if (value.startsWith("p")) {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 4h, 90m or 1h30m");
            }
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 4h, 90m or 1h30m");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return duration;
    }

    /** The short form a person reads back: {@code 4h}, {@code 1h30m}, {@code 2d}. */
    public static String format(Duration duration) {
        StringBuilder sb = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (duration.toHoursPart() > 0) {
            sb.append(duration.toHoursPart()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            sb.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || sb.isEmpty()) {
            sb.append(duration.toSecondsPart()).append('s');
        }
        return sb.toString();
    }
}
