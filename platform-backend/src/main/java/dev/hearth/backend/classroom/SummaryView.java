package dev.hearth.backend.classroom;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The end-of-class summary: how many seats were used, steps completed and time to first success.
 * Until the guided demo records its steps, step 1 ("your cluster is ready", docs/guided-demo.md) is the only
 * one counted, and "first success" is the first READY cluster.
 */
@Schema(name = "ClassroomSummary")
public record SummaryView(UUID classroomId, String name, int seats, int seatsUsed, int participants,
        int stepsCompleted, @Schema(description = "Median seconds from joining to the first READY cluster") Long medianSecondsToFirstSuccess,
        List<SummaryRow> rows) {
}
