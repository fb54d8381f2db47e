package dev.hearth.backend.demo;

import dev.hearth.backend.demo.DemoFacts.BuildFact;
import dev.hearth.backend.demo.DemoFacts.ClusterFact;
import dev.hearth.backend.demo.DemoFacts.PodFact;
import dev.hearth.backend.demo.DemoFacts.RunFact;
import dev.hearth.backend.demo.DemoFacts.AppCheck;
import dev.hearth.backend.demo.DemoFacts.WebFact;
import dev.hearth.protocol.BuildStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seven steps' states from the facts, as pure logic (docs/guided-demo.md). A step is LOCKED until the one it
 * builds on is DONE — except the source, which can be written before there is a cluster. A build of
 * an older source, a run of an older image, leave their step READY again: the "make it yours" loop
 * is edit, rebuild, rerun.
 */
public final class DemoSteps {

    private DemoSteps() {
    }

    public static List<StepResult> evaluate(DemoFacts facts) {
        List<StepResult> steps = new ArrayList<>(7);
        StepResult cluster = cluster(facts.cluster());
        StepResult source = facts.sourceSaved()
                ? new StepResult(DemoStep.SOURCE, StepState.DONE, "Source saved.")
                : new StepResult(DemoStep.SOURCE, StepState.READY, "Make it yours: edit the greeting, then save.");
        StepResult build = cluster.done() && source.done() ? build(facts.build())
                : locked(DemoStep.BUILD, cluster.done() ? "Save your source first." : "Your cluster must be ready first.");
        StepResult push = build.done() ? push(facts.build()) : locked(DemoStep.PUSH, "Build first.");
        StepResult run = push.done() ? run(facts.run(), facts.build()) : locked(DemoStep.RUN, "Push an image first.");
        StepResult watch = run.done() ? watch(facts.run()) : locked(DemoStep.WATCH, "Run the pod first.");
        steps.add(cluster);
        steps.add(source);
        steps.add(build);
        steps.add(push);
        steps.add(run);
        steps.add(watch);
        steps.add(watch.done() ? web(facts.web())
                : locked(DemoStep.WEB, "Finish step 6 first: your hello-world must run to ExitCode:0."));
        return List.copyOf(steps);
    }

    private static StepResult cluster(ClusterFact c) {
        if (c == null) {
            return new StepResult(DemoStep.CLUSTER, StepState.READY, "You have no cluster yet: get one.");
        }
        return switch (c.phase()) {
            case REQUESTED, SCHEDULED, PROVISIONING -> new StepResult(DemoStep.CLUSTER, StepState.RUNNING,
                    "Cluster " + c.id() + " is " + c.phase() + (c.message() == null ? "." : ": " + c.message()));
            case FAILED, LOST -> new StepResult(DemoStep.CLUSTER, StepState.FAILED,
                    "Cluster " + c.id() + " is " + c.phase() + (c.message() == null ? "." : ": " + c.message())
                            + " Delete it and get another.");
            case DELETING, DELETED -> new StepResult(DemoStep.CLUSTER, StepState.READY,
                    "Cluster " + c.id() + " is being deleted: get another.");
            case READY -> wasiNode(c);
        };
    }

    private static StepResult wasiNode(ClusterFact c) {
        if (c.wasiNode() == null) {
            return new StepResult(DemoStep.CLUSTER, StepState.RUNNING, "Cluster " + c.id() + " is READY; checking its WASI node.");
        }
        if (c.wasiNode().ready()) {
            return new StepResult(DemoStep.CLUSTER, StepState.DONE, c.wasiNode().detail());
        }
        return new StepResult(DemoStep.CLUSTER, c.wasiNode().answered() ? StepState.RUNNING : StepState.FAILED,
                c.wasiNode().detail());
    }

    private static StepResult build(BuildFact b) {
        if (b == null || !b.currentSource()) {
            return new StepResult(DemoStep.BUILD, StepState.READY,
                    b == null ? "Build your source." : "Your source changed since the last build: build it again.");
        }
        return switch (b.status()) {
            case QUEUED -> new StepResult(DemoStep.BUILD, StepState.RUNNING, "Queued on your cluster's host.");
            case RUNNING -> new StepResult(DemoStep.BUILD, StepState.RUNNING, "Compiling.");
            case SUCCEEDED -> new StepResult(DemoStep.BUILD, StepState.DONE, "Compiled to WebAssembly (wasm32-wasi).");
            case FAILED -> new StepResult(DemoStep.BUILD, StepState.FAILED,
                    b.message() == null ? "The build failed." : b.message());
        };
    }

    private static StepResult push(BuildFact b) {
        if (b.status() == BuildStatus.SUCCEEDED && b.digest() != null) {
            return new StepResult(DemoStep.PUSH, StepState.DONE, "Pushed " + b.image() + "@" + b.digest());
        }
        return new StepResult(DemoStep.PUSH, StepState.FAILED, "The build host reported no pushed digest; build again.");
    }

    private static StepResult run(RunFact r, BuildFact b) {
        if (r == null) {
            return new StepResult(DemoStep.RUN, StepState.READY, "Apply the pod manifest to your cluster.");
        }
        if (r.error() != null) {
            return new StepResult(DemoStep.RUN, StepState.FAILED, r.error());
        }
        if (!Objects.equals(r.image(), b.image())) {
            return new StepResult(DemoStep.RUN, StepState.READY, "You built a new image: run it.");
        }
        return new StepResult(DemoStep.RUN, StepState.DONE, "Applied pod " + r.namespace() + "/" + r.pod() + ".");
    }

    private static StepResult watch(RunFact r) {
        PodFact pod = r.podState();
        String name = "Pod " + r.pod();
        if (pod == null) {
            return new StepResult(DemoStep.WATCH, StepState.RUNNING, name + ": checking.");
        }
        if (!pod.answered()) {
            return new StepResult(DemoStep.WATCH, StepState.RUNNING, name + ": " + pod.detail());
        }
        if (!pod.found()) {
            return new StepResult(DemoStep.WATCH, StepState.FAILED, name + " is gone: run it again.");
        }
        if (pod.exitCode() != null) {
            return pod.exitCode() == 0
                    ? new StepResult(DemoStep.WATCH, StepState.DONE, name + ": ExitCode:0")
                    : new StepResult(DemoStep.WATCH, StepState.FAILED, name + ": ExitCode:" + pod.exitCode()
                            + (pod.detail() == null ? "" : " (" + pod.detail() + ")"));
        }
        return new StepResult(DemoStep.WATCH, pod.failed() ? StepState.FAILED : StepState.RUNNING, name + ": " + pod.detail());
    }

    /** Step 7: build the greeting as a web app, run it, and the app answered 200 with it. */
    private static StepResult web(WebFact w) {
        BuildFact b = w == null ? null : w.build();
        if (b == null || !b.currentSource()) {
            return new StepResult(DemoStep.WEB, StepState.READY, b == null ? "Build your greeting as a web app."
                    : "Your greeting changed since the web app was built: build it again.");
        }
        switch (b.status()) {
            case QUEUED, RUNNING -> {
                return new StepResult(DemoStep.WEB, StepState.RUNNING, "Building the web app.");
            }
            case FAILED -> {
                return new StepResult(DemoStep.WEB, StepState.FAILED, b.message() == null ? "The build failed." : b.message());
            }
            case SUCCEEDED -> {
            }
        }
        if (w.runError() != null) {
            return new StepResult(DemoStep.WEB, StepState.FAILED, w.runError());
        }
        if (w.runImage() == null || !w.runImage().equals(b.image())) {
            return new StepResult(DemoStep.WEB, StepState.READY, "Built " + b.image() + ": run it as a web app.");
        }
        AppCheck a = w.answer();
        if (a == null) {
            return new StepResult(DemoStep.WEB, StepState.RUNNING, "Asking your app at " + w.url() + ".");
        }
        if (a.ok()) {
            return new StepResult(DemoStep.WEB, StepState.DONE, "Your app at " + w.url() + " answered 200 with your greeting.");
        }
        if (a.answered() && a.status() == 200) {
            // It answers but is not the participant's page: waiting would not change that.
            return new StepResult(DemoStep.WEB, StepState.FAILED, "Your app at " + w.url() + " answered 200 without your greeting.");
        }
        return new StepResult(DemoStep.WEB, StepState.RUNNING, "Waiting for your app at " + w.url() + ": " + a.detail());
    }

    private static StepResult locked(DemoStep step, String why) {
        return new StepResult(step, StepState.LOCKED, why);
    }
}
