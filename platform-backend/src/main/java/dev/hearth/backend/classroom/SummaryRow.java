package dev.hearth.backend.classroom;

import dev.hearth.backend.support.Durations;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One participant's time in a seat, for the end-of-class summary. */
@Schema(name = "SummaryRow")
public record SummaryRow(
        int seat,
        String participant,
        Instant joinedAt,
        Instant leftAt,
        @Schema(description = "Guided-demo steps DONE (0-6) when last seen") int stepsCompleted,
        @Schema(description = "Seconds from joining to the first READY cluster; absent if never") Long secondsToFirstSuccess) {

    public String timeToFirstSuccess() {
        return secondsToFirstSuccess == null ? "—" : Durations.format(Duration.ofSeconds(secondsToFirstSuccess));
    }
}
