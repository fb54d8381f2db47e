package dev.hearth.backend.portal;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How pages print times: {@code {c.expiresAt.utc}} → "2026-11-21 20:59 UTC",
 * {@code {c.expiresAt.fromNow}} → "in 3h 59m" / "5m ago".
 */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String utc(Instant instant) {
        return instant == null ? "—" : UTC.format(instant);
    }

    /** Time of day, for event lists. */
    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** ISO-8601, for {@code <time datetime>}. */
    static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static String fromNow(Instant instant) {
        if (instant == null) {
            return "never";
        }
        // Extension methods are static, so the application's Clock bean is looked up, not injected;
        // tests that move the clock then see the same "now" the services use.
        Instant now = Arc.container().instance(Clock.class).get().instant();
        Duration delta = Duration.between(now, instant);
        String amount = human(delta.abs());
        if (amount.isEmpty()) {
            return "just now";
        }
        return delta.isNegative() ? amount + " ago" : "in " + amount;
    }

    private static String human(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() >= 10 ? d.toSeconds() + "s" : "";
    }
}
