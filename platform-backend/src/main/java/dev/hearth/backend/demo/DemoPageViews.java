package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.backend.problem.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the saved progress ({@link DemoView}, what {@code GET /api/v1/demo} returns) into what the
 * page shows, and computes the cursors the page sends back so the state poll returns only parts that changed.
 */
@ApplicationScoped
public class DemoPageViews {

    /** The greeting a participant edits: Rust's {@code const GREETING: &str = "…";}, C's {@code #define GREETING "…"}. */
    private static final Pattern GREETING = Pattern.compile("GREETING(?::\\s*&str\\s*=|\\s)\\s*\"([^\"\\n]*)\"");
    /** Retry repeats the action of the step that failed; steps 2 and 4 fail only through the one before them. */
    private static final List<String> RETRY = java.util.Arrays.asList("cluster", null, "build", "build", "run", "run", "web");

    private final ClusterService clusters;

    public DemoPageViews(ClusterService clusters) {
        this.clusters = clusters;
    }

    DemoPage page(DemoView view) {
        List<DemoStepCard> steps = view.steps().stream().map(DemoPageViews::card).toList();
        String language = view.language().name().toLowerCase(Locale.ROOT);
        String buildLogs = view.build() == null ? null : "/demo/builds/" + view.build().id() + "/log";
        DemoPage.Build build = view.build() == null ? null
                : new DemoPage.Build(view.build().id().toString(), view.build().status().name(), view.build().image(),
                        view.build().digest(), view.build().message(), buildLogs, buildLogs + ".txt");
        DemoPage.Run run = view.run() == null ? null
                : new DemoPage.Run(view.run().clusterId(), view.run().namespace(), view.run().pod(), view.run().uid(),
                        "/demo/pod/log?uid=" + view.run().uid(), "/demo/pod/log.txt?uid=" + view.run().uid());
        return new DemoPage(steps, cluster(view.clusterId()),
                new DemoPage.SourceForm(language, view.source(), greeting(view.source()), FieldErrors.NONE), build,
                new DemoPage.ManifestForm(view.manifest(), view.manifestEdited(), FieldErrors.NONE), run,
                view.webApp() == null ? null : new DemoPage.Web(view.webApp().url(), view.webApp().image(),
                        view.webApp().build().status() == dev.hearth.protocol.BuildStatus.SUCCEEDED));
    }

    /** The page with the editor showing {@code source} in {@code language} (a template, or a rejected submit). */
    DemoPage withSource(DemoPage page, String language, String source, FieldErrors errors) {
        String shown = "c".equalsIgnoreCase(language) ? "c" : "rust";
        return new DemoPage(page.steps(), page.cluster(), new DemoPage.SourceForm(shown, source, greeting(source), errors),
                page.build(), page.manifest(), page.run(), page.web());
    }

    DemoPage withManifest(DemoPage page, String manifest, boolean edited, FieldErrors errors) {
        return new DemoPage(page.steps(), page.cluster(), page.source(), page.build(),
                new DemoPage.ManifestForm(manifest, edited, errors), page.run(), page.web());
    }

    static String clusterCursor(DemoPage page) {
        return page.cluster() == null ? "" : page.cluster().id() + ":" + page.cluster().ready();
    }

    static String buildCursor(DemoPage page) {
        return page.build() == null ? "" : page.build().id();
    }

    static String imageCursor(DemoPage page) {
        return page.build() == null ? "" : page.build().id() + ":" + page.build().status();
    }

    static String runCursor(DemoPage page) {
        return page.run() == null ? "" : page.run().uid();
    }

    /**
     * The demo's cluster; while it has none READY, the newest one still on its way (so the page says
     * so instead of offering another), else none.
     */
    private DemoPage.Cluster cluster(String demoClusterId) {
        if (demoClusterId != null) {
            ClusterView cluster = clusters.get(demoClusterId);
            return new DemoPage.Cluster(cluster.id(), cluster.name(), cluster.phase() == ClusterPhase.READY);
        }
        return clusters.list().stream()
                .filter(c -> c.phase() != ClusterPhase.FAILED && c.phase() != ClusterPhase.DELETING)
                .findFirst()
                .map(c -> new DemoPage.Cluster(c.id(), c.name(), c.phase() == ClusterPhase.READY))
                .orElse(null);
    }

    private static DemoStepCard card(StepView step) {
        String cli = step.cli() == null || step.cli().isEmpty() ? null : String.join("\n", step.cli());
        return new DemoStepCard(step.number(), step.title(), step.state().name(), step.detail(), step.since(), cli,
                RETRY.get(step.number() - 1));
    }

    static String greeting(String source) {
        if (source == null) {
            return null;
        }
        Matcher m = GREETING.matcher(source);
        return m.find() ? m.group(1) : null;
    }
}
