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
 * {@code {c.expiresAt.fromNow}} → "in 3h 59m" / "5m ago", {@code {line.took.elapsed}} → "1.5s",
 * {@code {node.created.age}} → "12m".
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

    /** How long a step took, as kind prints it: "0.4s", "12.3s", "2m 05s". */
    static String elapsed(Duration took) {
        if (took == null) {
            return "";
        }
        if (took.toMinutes() > 0) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", took.toMinutes(), took.toSecondsPart());
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", took.toMillis() / 1000.0);
    }

    /** Age as kubectl prints it: "45s", "12m", "3h", "2d". */
    static String age(Instant created) {
        if (created == null) {
            return "<unknown>";
        }
        Duration d = Duration.between(created, Arc.container().instance(Clock.class).get().instant());
        if (d.isNegative() || d.toMinutes() == 0) {
            return Math.max(0, d.toSeconds()) + "s";
        }
        if (d.toHours() == 0) {
            return d.toMinutes() + "m";
        }
        return d.toDays() == 0 ? d.toHours() + "h" : d.toDays() + "d";
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
