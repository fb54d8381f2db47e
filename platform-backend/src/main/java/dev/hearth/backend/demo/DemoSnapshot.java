package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterView;
import java.util.Map;

/**
 * What one read of the database found, before any cluster is asked: the progress row (detached),
 * the cluster it uses, the last build, the caller's registry namespace and the stored step rows.
 *
 * @param clusterChanged whether the demo switched clusters in this read (step 1 is checked afresh)
 * @param webBuild the last build of step 7's web app, or null
 */
record DemoSnapshot(DemoProgress progress, ClusterView cluster, boolean clusterChanged, Build build,
        String registryNamespace, Map<Integer, DemoStepRow> stored, Build webBuild) {

    /** The image a run uses by default: the last build's, once it succeeded. */
    String builtImage() {
        return build != null && build.status == dev.hearth.protocol.BuildStatus.SUCCEEDED ? build.image : null;
    }
}
