package dev.hearth.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.demo.DemoFacts.BuildFact;
import dev.hearth.backend.demo.DemoFacts.ClusterFact;
import dev.hearth.backend.demo.DemoFacts.NodeCheck;
import dev.hearth.backend.demo.DemoFacts.PodFact;
import dev.hearth.backend.demo.DemoFacts.RunFact;
import dev.hearth.backend.demo.DemoFacts.AppCheck;
import dev.hearth.backend.demo.DemoFacts.WebFact;
import dev.hearth.protocol.BuildStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seven steps' states from what the system knows: each row a situation a participant can be in. */
class DemoStepsTest {

    static final String IMAGE = "hearth-registry:5000/alice/hello-rust:1";
    static final ClusterFact READY = new ClusterFact("c-1", ClusterPhase.READY, null,
            new NodeCheck(true, true, "WASI node Ready"));
    static final BuildFact BUILT = new BuildFact(BuildStatus.SUCCEEDED, null, IMAGE, "sha256:abc", true);
    static final RunFact RUN = new RunFact(IMAGE, "default", "hello-wasi", null, null);

    static List<StepState> states(DemoFacts facts) {
        return DemoSteps.evaluate(facts).stream().map(StepResult::state).toList();
    }

    static List<StepState> states(StepState... s) {
        return List.of(s);
    }

    @Test
    void aNewcomerWithoutAClusterCanGetOneAndWriteTheSourceButNothingElse() {
        assertThat(states(new DemoFacts(null, false, null, null))).isEqualTo(states(StepState.READY, StepState.READY,
                StepState.LOCKED, StepState.LOCKED, StepState.LOCKED, StepState.LOCKED, StepState.LOCKED));
    }

    @Test
    void aClusterStillProvisioningOrWithoutItsWasiNodeIsRunningAndAnUnreachableOneFailed() {
        assertThat(states(new DemoFacts(new ClusterFact("c-1", ClusterPhase.PROVISIONING, "Starting etcd", null), true, null,
                null)).getFirst()).isEqualTo(StepState.RUNNING);
        assertThat(states(new DemoFacts(new ClusterFact("c-1", ClusterPhase.READY, null,
                new NodeCheck(true, false, "no WASI node yet")), true, null, null))).startsWith(StepState.RUNNING,
                StepState.DONE, StepState.LOCKED);
        List<StepResult> unreachable = DemoSteps.evaluate(new DemoFacts(new ClusterFact("c-1", ClusterPhase.READY, null,
                new NodeCheck(false, false, "The API server at https://x refused the connection")), true, null, null));
        assertThat(unreachable.getFirst().state()).isEqualTo(StepState.FAILED);
        assertThat(unreachable.getFirst().detail()).contains("refused the connection");
        assertThat(states(new DemoFacts(new ClusterFact("c-1", ClusterPhase.FAILED, "no capacity", null), true, null, null))
                .getFirst()).isEqualTo(StepState.FAILED);
    }

    @Test
    void buildingRunsThenSucceedsWithThePushedDigestOrFailsWithTheCompilersMessage() {
        assertThat(states(new DemoFacts(READY, true, null, null))).startsWith(StepState.DONE, StepState.DONE, StepState.READY,
                StepState.LOCKED);
        assertThat(states(new DemoFacts(READY, true, new BuildFact(BuildStatus.RUNNING, null, IMAGE, null, true), null)))
                .startsWith(StepState.DONE, StepState.DONE, StepState.RUNNING, StepState.LOCKED);
        List<StepResult> failed = DemoSteps.evaluate(new DemoFacts(READY, true,
                new BuildFact(BuildStatus.FAILED, "error[E0425]: cannot find value `x`", IMAGE, null, true), null));
        assertThat(failed.get(2).state()).isEqualTo(StepState.FAILED);
        assertThat(failed.get(2).detail()).isEqualTo("error[E0425]: cannot find value `x`");
        List<StepResult> built = DemoSteps.evaluate(new DemoFacts(READY, true, BUILT, null));
        assertThat(built.get(3).state()).isEqualTo(StepState.DONE);
        assertThat(built.get(3).detail()).isEqualTo("Pushed " + IMAGE + "@sha256:abc");
        assertThat(built.get(4).state()).isEqualTo(StepState.READY);
    }

    @Test
    void editingTheSourceAfterABuildMakesBuildReadyAgainAndLocksWhatFollows() {
        BuildFact older = new BuildFact(BuildStatus.SUCCEEDED, null, IMAGE, "sha256:abc", false);
        assertThat(states(new DemoFacts(READY, true, older, RUN))).isEqualTo(states(StepState.DONE, StepState.DONE,
                StepState.READY, StepState.LOCKED, StepState.LOCKED, StepState.LOCKED, StepState.LOCKED));
    }

    @Test
    void aRunOfAnOlderImageLeavesRunReadyForTheNewOne() {
        RunFact old = new RunFact("hearth-registry:5000/alice/hello-rust:0", "default", "hello-wasi", null, null);
        assertThat(states(new DemoFacts(READY, true, BUILT, old))).endsWith(StepState.READY, StepState.LOCKED, StepState.LOCKED);
    }

    @Test
    void watchingFollowsThePodToExitCodeZeroOrFailsWithTheCode() {
        assertThat(states(new DemoFacts(READY, true, BUILT, withPod(new PodFact(true, true, null, "Pending", false)))))
                .endsWith(StepState.DONE, StepState.RUNNING, StepState.LOCKED);
        assertThat(states(new DemoFacts(READY, true, BUILT, withPod(new PodFact(true, true, 0, "Completed", false)))))
                .endsWith(StepState.DONE, StepState.DONE, StepState.READY);
        List<StepResult> three = DemoSteps.evaluate(new DemoFacts(READY, true, BUILT,
                withPod(new PodFact(true, true, 3, "Error", false))));
        assertThat(three.get(5).state()).isEqualTo(StepState.FAILED);
        assertThat(three.get(5).detail()).isEqualTo("Pod hello-wasi: ExitCode:3 (Error)");
        assertThat(three.get(6).state()).isEqualTo(StepState.LOCKED);
        assertThat(states(new DemoFacts(READY, true, BUILT,
                withPod(new PodFact(true, true, null, "ImagePullBackOff: not found", true))))).endsWith(StepState.FAILED,
                StepState.LOCKED);
        assertThat(states(new DemoFacts(READY, true, BUILT, withPod(new PodFact(true, false, null, null, false)))))
                .endsWith(StepState.FAILED, StepState.LOCKED);
        assertThat(states(new DemoFacts(READY, true, BUILT, withPod(new PodFact(false, false, null, "timeout", false)))))
                .endsWith(StepState.RUNNING, StepState.LOCKED);
    }

    @Test
    void aRunTheClusterRefusedFailsStepFiveWithItsReason() {
        List<StepResult> steps = DemoSteps.evaluate(new DemoFacts(READY, true, BUILT,
                new RunFact(null, null, null, "manifest: the cluster's API server refused it: bad", null)));
        assertThat(steps.get(4).state()).isEqualTo(StepState.FAILED);
        assertThat(steps.get(4).detail()).contains("refused it: bad");
        assertThat(steps.get(5).state()).isEqualTo(StepState.LOCKED);
    }

    static final RunFact EXITED_0 = new RunFact(IMAGE, "default", "hello-wasi", null, new PodFact(true, true, 0, "Completed", false));
    static final String WEB_IMAGE = "hearth-registry:5000/alice/hello-web-rust:2";
    static final BuildFact WEB_BUILT = new BuildFact(BuildStatus.SUCCEEDED, null, WEB_IMAGE, "sha256:def", true);
    static final String URL = "/apps/c-1/default/hello-web/";

    private static StepResult web(WebFact web) {
        return DemoSteps.evaluate(new DemoFacts(READY, true, BUILT, EXITED_0, web)).get(6);
    }

    @Test
    void theWebAppIsLockedUntilTheHelloWorldRanToExitCodeZeroAndSaysSo() {
        StepResult locked = DemoSteps.evaluate(new DemoFacts(READY, true, BUILT,
                withPod(new PodFact(true, true, null, "Running", false)), new WebFact(WEB_BUILT, WEB_IMAGE, null, URL,
                        new AppCheck(true, 200, true, "it answered 200")))).get(6);
        assertThat(locked.state()).isEqualTo(StepState.LOCKED);
        assertThat(locked.detail()).isEqualTo("Finish step 6 first: your hello-world must run to ExitCode:0.");
        assertThat(web(null).state()).isEqualTo(StepState.READY);
    }

    @Test
    void theWebAppIsBuiltThenRunThenDoneOnlyWhenItAnswered200WithTheGreeting() {
        assertThat(web(new WebFact(new BuildFact(BuildStatus.RUNNING, null, WEB_IMAGE, null, true), null, null, URL, null))
                .state()).isEqualTo(StepState.RUNNING);
        StepResult failedBuild = web(new WebFact(new BuildFact(BuildStatus.FAILED, "error: expected `;`", WEB_IMAGE, null, true),
                null, null, URL, null));
        assertThat(failedBuild.state()).isEqualTo(StepState.FAILED);
        assertThat(failedBuild.detail()).isEqualTo("error: expected `;`");
        assertThat(web(new WebFact(WEB_BUILT, null, null, URL, null)).detail()).isEqualTo("Built " + WEB_IMAGE + ": run it as a web app.");
        // A greeting edited since the web build: build it again.
        assertThat(web(new WebFact(new BuildFact(BuildStatus.SUCCEEDED, null, WEB_IMAGE, "sha256:def", false), WEB_IMAGE, null,
                URL, null)).state()).isEqualTo(StepState.READY);
        assertThat(web(new WebFact(WEB_BUILT, null, "cluster c-1 did not answer", URL, null)).state()).isEqualTo(StepState.FAILED);

        StepResult starting = web(new WebFact(WEB_BUILT, WEB_IMAGE, null, URL, new AppCheck(true, 503, false, "it answered 503")));
        assertThat(starting.state()).isEqualTo(StepState.RUNNING);
        assertThat(starting.detail()).isEqualTo("Waiting for your app at " + URL + ": it answered 503");
        assertThat(web(new WebFact(WEB_BUILT, WEB_IMAGE, null, URL, new AppCheck(false, 0, false, "no answer"))).state())
                .isEqualTo(StepState.RUNNING);
        assertThat(web(new WebFact(WEB_BUILT, WEB_IMAGE, null, URL, new AppCheck(true, 200, false, "it answered 200"))).state())
                .isEqualTo(StepState.FAILED);
        StepResult done = web(new WebFact(WEB_BUILT, WEB_IMAGE, null, URL, new AppCheck(true, 200, true, "it answered 200")));
        assertThat(done.state()).isEqualTo(StepState.DONE);
        assertThat(done.detail()).isEqualTo("Your app at " + URL + " answered 200 with your greeting.");
    }

    private static RunFact withPod(PodFact pod) {
        return new RunFact(IMAGE, "default", "hello-wasi", null, pod);
    }
}
