package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.protocol.BuildStatus;

/**
 * What the system knows about one participant's demo at a moment, gathered from the database and
 * (only where a step is not settled) from their cluster; {@link DemoSteps} turns it into step states.
 *
 * @param cluster the current cluster, or null when they have none
 * @param sourceSaved whether their source has been saved (it is validated on saving)
 * @param build their last build, or null
 * @param run their last run, or null
 * @param web step 7's facts, or null when nothing of it was done yet
 */
public record DemoFacts(ClusterFact cluster, boolean sourceSaved, BuildFact build, RunFact run, WebFact web) {

    public DemoFacts(ClusterFact cluster, boolean sourceSaved, BuildFact build, RunFact run) {
        this(cluster, sourceSaved, build, run, null);
    }

    /**
     * Step 7, the web app.
     *
     * @param build the last web build (its {@code currentSource}: built with the greeting saved now), or null
     * @param runImage the image applied as the app, or null
     * @param runError why applying it failed, or null
     * @param url the app's portal URL
     * @param answer what the app answered when asked as its owner; null when not asked
     */
    public record WebFact(BuildFact build, String runImage, String runError, String url, AppCheck answer) {
    }

    /**
     * @param answered whether the app (through its cluster) answered at all
     * @param status its HTTP status
     * @param greeted whether the page carries the participant's greeting
     * @param detail what to tell the participant when it is not (yet) right
     */
    public record AppCheck(boolean answered, int status, boolean greeted, String detail) {

        public boolean ok() {
            return answered && status == 200 && greeted;
        }
    }

    /**
     * @param wasiNode what asking the cluster about its WASI node found; null when not asked
     */
    public record ClusterFact(String id, ClusterPhase phase, String message, NodeCheck wasiNode) {
    }

    /**
     * @param answered whether the API server answered at all
     * @param ready whether the WASI node is there and Ready
     */
    public record NodeCheck(boolean answered, boolean ready, String detail) {
    }

    /**
     * @param currentSource whether it built the source as saved now (an edit makes step 3 ready again)
     */
    public record BuildFact(BuildStatus status, String message, String image, String digest, boolean currentSource) {
    }

    /**
     * @param error why applying it failed, or null
     * @param pod the pod as last read, or null when not read (or not applied)
     */
    public record RunFact(String image, String namespace, String pod, String error, PodFact podState) {
    }

    /**
     * The demo pod's container as the cluster reports it.
     *
     * @param found whether the pod (with the uid that was applied) exists
     * @param answered whether the cluster could be asked at all
     * @param exitCode the container's exit code once terminated, else null
     * @param detail kubectl-like words: {@code Pending}, {@code Running}, {@code ImagePullBackOff: …}
     * @param failed a state it will not leave by itself (image cannot be pulled, pod failed)
     */
    public record PodFact(boolean answered, boolean found, Integer exitCode, String detail, boolean failed) {
    }
}
