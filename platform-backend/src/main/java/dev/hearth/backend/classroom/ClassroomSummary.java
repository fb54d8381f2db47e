package dev.hearth.backend.classroom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** The end-of-class summary (viewable while the class runs too), and the same as CSV. */
@ApplicationScoped
public class ClassroomSummary {

    private final ClassroomAccess access;

    public ClassroomSummary(ClassroomAccess access) {
        this.access = access;
    }

    @Transactional
    public SummaryView of(String id) {
        Classroom c = access.managed(id);
        List<SeatOccupancy> stays = SeatOccupancy.list("classroomId = ?1 order by joinedAt, id", c.id);
        Map<UUID, Integer> seatNumbers = new HashMap<>();
        Seat.of(c.id).forEach(s -> seatNumbers.put(s.id, s.number));
        Map<UUID, String> people = ClassroomBoard.usernames(stays.stream().map(o -> o.participantId).distinct().toList());
        List<SummaryRow> rows = stays.stream().map(o -> new SummaryRow(seatNumbers.getOrDefault(o.seatId, 0),
                people.get(o.participantId), o.joinedAt, o.leftAt, o.stepsCompleted,
                o.firstReadyAt == null ? null : Duration.between(o.joinedAt, o.firstReadyAt).toSeconds())).toList();
        int seatsUsed = (int) stays.stream().map(o -> o.seatId).distinct().count();
        int participants = (int) stays.stream().map(o -> o.participantId).distinct().count();
        int steps = rows.stream().mapToInt(SummaryRow::stepsCompleted).sum();
        List<Long> times = rows.stream().map(SummaryRow::secondsToFirstSuccess).filter(Objects::nonNull).sorted().toList();
        Long median = times.isEmpty() ? null : times.get((times.size() - 1) / 2);
        return new SummaryView(c.id, c.name, c.seatCount, seatsUsed, participants, steps, median, rows);
    }

    /** RFC 4180 CSV: a header line, then one line per participant's stay in a seat. */
    public static String csv(SummaryView summary) {
        StringBuilder out = new StringBuilder("seat,participant,joined_at,left_at,steps_completed,seconds_to_first_success\r\n");
        for (SummaryRow r : summary.rows()) {
            out.append(r.seat()).append(',')
                    .append(field(r.participant())).append(',')
                    .append(r.joinedAt()).append(',')
                    .append(r.leftAt() == null ? "" : r.leftAt().toString()).append(',')
                    .append(r.stepsCompleted()).append(',')
                    .append(r.secondsToFirstSuccess() == null ? "" : r.secondsToFirstSuccess().toString())
                    .append("\r\n");
        }
        return out.toString();
    }

    /** Quotes a value when it holds a comma, quote or line break; a leading = + - @ is defused (CSV injection). */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
