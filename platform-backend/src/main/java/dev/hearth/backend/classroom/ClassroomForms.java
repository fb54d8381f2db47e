package dev.hearth.backend.classroom;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the create form into the API's request and the API's field names back into the form's. The
 * form asks for a start (UTC, as a {@code datetime-local} input gives it) and a length, which reads
 * better in a room than two timestamps; the API takes {@code startsAt} and {@code endsAt}.
 */
@ApplicationScoped
public class ClassroomForms {

    private static final Set<String> FIELDS = Set.of("name", "seats", "startsAt", "length", "ttl", "demoTrack", "config");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Clock clock;

    public ClassroomForms(Clock clock) {
        this.clock = clock;
    }

    /** Now, to the minute, as the start input shows it. */
    String now() {
        return LOCAL.format(LocalDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC));
    }

    /** @throws ValidationProblem for what the service cannot check itself: a number, a time, a length */
    ClassroomRequest request(CreateForm form) {
        List<FieldError> errors = new ArrayList<>();
        Integer seats = null;
        try {
            seats = Integer.valueOf(form.seats().strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError("seats", "enter a number of seats"));
        }
        Instant startsAt = null;
        try {
            startsAt = LocalDateTime.parse(form.startsAt().strip(), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("startsAt", "enter a date and time (UTC)"));
        }
        Duration length = null;
        try {
            length = Durations.parse(form.length());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("length", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return new ClassroomRequest(form.name(), seats, startsAt, startsAt.plus(length),
                form.config().isBlank() ? null : TextNode.valueOf(form.config()), form.ttl().isBlank() ? null : form.ttl(),
                form.demoTrack().isBlank() ? null : form.demoTrack(), null, null);
    }

    /** The API's fields onto the form's: endsAt is the length here, config.* the configuration box. */
    FieldErrors errors(ProblemException problem) {
        return FieldErrors.of(problem, FIELDS, field -> switch (field) {
            case "endsAt" -> "length";
            case "codeMaxUses", "codeExpiresAt" -> field;
            default -> field.startsWith("config") ? "config" : field;
        });
    }
}
