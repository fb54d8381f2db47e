package dev.hearth.backend.demo;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One step as the page and the API show it. */
public record StepView(
        @Schema(description = "1-6, in order") int number,
        @Schema(description = "cluster, source, build, push, run or watch") String key,
        String title,
        StepState state,
        @Schema(description = "Why it is in this state, in words") String detail,
        @Schema(description = "When it entered this state") Instant since,
        @Schema(description = "The commands that do this step by hand, with your names filled in") List<String> cli) {
}
