package dev.hearth.backend.demo;

import dev.hearth.backend.problem.FieldErrors;
import java.util.List;

/**
 * Everything the guided-demo page shows, read from {@link DemoService}'s saved progress: the seven
 * step cards and what the editors, the image line and the two log panels need.
 *
 * @param cluster  the participant's demo cluster, or null when they have none
 * @param build    the last build, or null before the first
 * @param run      the last run of the demo pod, or null before the first
 * @param web      step 7's web app, or null before its first build
 */
public record DemoPage(List<DemoStepCard> steps, Cluster cluster, SourceForm source, Build build, ManifestForm manifest,
        Run run, Web web) {

    public DemoPage {
        steps = List.copyOf(steps);
    }

    /** Step {@code number} (1–7). */
    public DemoStepCard step(int number) {
        return steps.get(number - 1);
    }

    /** Whether a step is under way, so the page keeps asking for the states. */
    public boolean busy() {
        return steps.stream().anyMatch(DemoStepCard::running);
    }

    public record Cluster(String id, String name, boolean ready) {
    }

    /**
     * Step 2's editor as shown: what was typed (a rejected save loses nothing) and the errors.
     *
     * @param greeting the line to edit for "make it yours", as it reads in this language's template
     */
    public record SourceForm(String language, String source, String greeting, FieldErrors errors) {

        public SourceForm {
            source = source == null ? "" : source;
            errors = errors == null ? FieldErrors.NONE : errors;
        }

        public boolean rust() {
            return "rust".equals(language);
        }

        public int bytes() {
            return source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    /**
     * @param logs     the build log's live stream (SSE)
     * @param download the same log as text
     */
    public record Build(String id, String status, String image, String digest, String message, String logs,
            String download) {
    }

    /** Step 5's editor: the manifest that will be applied (edited or the default), and its errors. */
    public record ManifestForm(String manifest, boolean edited, FieldErrors errors) {

        public ManifestForm {
            manifest = manifest == null ? "" : manifest;
            errors = errors == null ? FieldErrors.NONE : errors;
        }
    }

    /**
     * @param logs     the pod log's live stream (SSE)
     * @param download the same log as text
     */
    public record Run(String clusterId, String namespace, String pod, String uid, String logs, String download) {
    }

    /**
     * Step 7's web app.
     *
     * @param url   its page for the owner's session
     * @param image the image running as the app, or null before "Run the web app"
     * @param built whether its last build succeeded (so it can be run)
     */
    public record Web(String url, String image, boolean built) {
    }
}
