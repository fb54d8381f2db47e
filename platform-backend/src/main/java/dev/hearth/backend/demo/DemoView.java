package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A participant's whole guided demo, as {@code GET /api/v1/demo} returns it and the page shows it. */
public record DemoView(
        BuildLanguage language,
        @Schema(description = "Your saved source, or the language's template until you save one") String source,
        boolean sourceSaved,
        @Schema(description = "The pod manifest that Run applies, with your image filled in") String manifest,
        @Schema(description = "Whether you edited the manifest (false: the default one)") boolean manifestEdited,
        @Schema(description = "The cluster the demo uses (your newest READY one unless you chose)") String clusterId,
        @Schema(description = "Your repository path in the registry: hearth-registry:5000/<this>/…") String registryNamespace,
        List<StepView> steps,
        BuildView build,
        RunView run,
        @Schema(description = "Step 7's web app: its URLs and last build; null until built") WebAppView webApp,
        @Schema(description = "Whether a step is RUNNING, so a client should read this again shortly") boolean settling) {

    /** The number of DONE steps: the classroom board's demoStep. */
    public int doneSteps() {
        return (int) steps.stream().filter(s -> s.state() == StepState.DONE).count();
    }

    public StepView step(DemoStep step) {
        return steps.get(step.number() - 1);
    }
}
