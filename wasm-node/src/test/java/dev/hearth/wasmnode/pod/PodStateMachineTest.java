package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.logs.ContainerLogStore;
import dev.hearth.wasmnode.logs.LogLimits;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod state machine's edges, pinned, and each state's decisions driven with real modules (the
 * committed probe) but no API server.
 */
@Timeout(60)
class PodStateMachineTest {

    private static final PodSettings SETTINGS = new PodSettings(BackoffPolicy.KUBELET_DEFAULT,
            new BackoffPolicy(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofSeconds(5));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path logs;
    private final List<Pod> deleted = new ArrayList<>();

    @Test
    void theAllowedEdgesArePinned() {
        assertThat(PodTransitions.ALLOWED).isEqualTo(Map.ofEntries(
                Map.entry(Registered.class, Set.of(ImagePull.class, Failed.class, Terminated.class)),
                Map.entry(ImagePull.class, Set.of(VolumeMount.class, ImagePullBackoff.class, Failed.class, Terminated.class)),
                Map.entry(ImagePullBackoff.class, Set.of(ImagePull.class, Terminated.class, Failed.class)),
                Map.entry(VolumeMount.class, Set.of(InitStarting.class, Starting.class, Failed.class, Terminated.class)),
                Map.entry(InitStarting.class, Set.of(InitRunning.class, Failed.class, Terminated.class)),
                Map.entry(InitRunning.class, Set.of(InitStarting.class, Starting.class, CrashLoopBackoff.class,
                        Failed.class, Terminated.class)),
                Map.entry(Starting.class, Set.of(Running.class, Failed.class, Terminated.class)),
                Map.entry(Running.class, Set.of(Completed.class, Error.class, Terminated.class, Failed.class)),
                Map.entry(Completed.class, Set.of(CrashLoopBackoff.class)),
                Map.entry(Error.class, Set.of(CrashLoopBackoff.class)),
                Map.entry(CrashLoopBackoff.class, Set.of(ImagePull.class, Terminated.class, Failed.class)),
                Map.entry(Terminated.class, Set.of()),
                Map.entry(Failed.class, Set.of())));
        assertThat(PodState.class.getPermittedSubclasses()).as("every state has its edges declared")
                .allSatisfy(state -> assertThat(PodTransitions.ALLOWED).containsKey(state.asSubclass(PodState.class)));
    }

    @Test
    void anEdgeNotDeclaredIsRefused() {
        assertThatThrownBy(() -> PodTransitions.check(new Registered(), new Running(List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Registered may not go to Running");
        assertThatThrownBy(() -> PodTransitions.check(new Failed("X", "x", List.of()), new Registered()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachStateReportsItsPhaseAndReason() {
        List<ContainerResult> results = List.of(new ContainerResult("main", 0, null, null, T0, T0));
        assertThat(List.of(new Registered(), new ImagePull(0), new ImagePullBackoff(1, "x"), new VolumeMount(),
                new Starting(), new Completed(results, true), new Completed(results, false), new Error(results, true),
                new Error(results, false), new CrashLoopBackoff(Duration.ofSeconds(10)),
                new Failed("UnsupportedDaemonSet", "m", List.of())))
                .extracting(state -> state.phase().apiName() + "/" + state.reason())
                .containsExactly("Pending/Registered", "Pending/ImagePull", "Pending/ImagePullBackOff",
                        "Pending/VolumeMount", "Pending/Starting", "Running/Completed", "Succeeded/Completed",
                        "Running/Error", "Failed/Error", "Running/CrashLoopBackOff", "Failed/UnsupportedDaemonSet");
    }

    @Test
    void aDaemonSetPodIsRefusedAtOnce() throws Exception {
        Pod pod = new PodBuilder(pod("probe", List.of(), "Always")).editMetadata().addNewOwnerReference()
                .withKind("DaemonSet").withName("kube-proxy").withApiVersion("apps/v1").withUid("u").endOwnerReference()
                .endMetadata().build();

        PodState next = step(new Registered(), context(pod));

        assertThat(next).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo("UnsupportedDaemonSet");
            assertThat(failed.message()).contains("DaemonSet pods do not run on WASI nodes");
        });
    }

    @Test
    void aPullThatFailsBacksOffAndABadModuleFails() throws Exception {
        assertThat(step(new ImagePull(2), context(pod("no-such-module", List.of(), "Always"))))
                .isInstanceOfSatisfying(ImagePullBackoff.class, backoff -> {
                    assertThat(backoff.failures()).isEqualTo(3);
                    assertThat(backoff.message()).contains("manifest unknown");
                });
        assertThat(step(new ImagePull(0), context(pod("not-wasm", List.of(), "Always"))))
                .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.reason()).isEqualTo("InvalidModule"));
        assertThat(step(new ImagePullBackoff(1, "x"), context(pod("probe", List.of(), "Always"))))
                .isEqualTo(new ImagePull(1));
    }

    @Test
    void aModuleRunsToCompletedOrErrorAndTheRestartPolicyDecidesWhatFollows() throws Exception {
        PodContext hello = context(pod("probe", List.of(), "OnFailure"));
        PodState running = step(step(step(step(new ImagePull(0), hello), hello), hello), hello);
        assertThat(running).isInstanceOf(Completed.class);
        assertThat(((Completed) running).restarts()).isFalse();
        assertThat(running.next(hello)).isEqualTo(Transition.done());

        PodContext failing = context(pod("probe", List.of("exit", "3"), "OnFailure"));
        PodState error = run(failing);
        assertThat(error).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.results()).singleElement().satisfies(result -> {
                assertThat(result.exitCode()).isEqualTo(3);
                assertThat(result.reason()).as("kubectl shows ExitCode:3").isNull();
            });
            assertThat(e.restarts()).isTrue();
        });
        assertThat(step(error, failing)).isEqualTo(new CrashLoopBackoff(Duration.ofSeconds(10)));

        PodContext never = context(pod("probe", List.of("exit", "3"), "Never"));
        assertThat(run(never).next(never)).isEqualTo(Transition.done());

        PodContext always = context(pod("probe", List.of(), "Always"));
        PodState completed = run(always);
        assertThat(completed.phase()).isEqualTo(PodPhase.RUNNING);
        assertThat(step(completed, always)).isInstanceOf(CrashLoopBackoff.class);
    }

    @Test
    void aTrapIsAnErrorWithItsReason() throws Exception {
        PodState error = run(context(pod("probe", List.of("trap"), "Never")));

        assertThat(error).isInstanceOfSatisfying(Error.class, e -> assertThat(e.results().getFirst())
                .satisfies(result -> {
                    assertThat(result.reason()).isEqualTo("Error");
                    assertThat(result.message()).startsWith("the module trapped");
                }));
    }

    @Test
    void aDeadlineStopsARunawayModuleAndADeletionEndsTheBackoff() throws Exception {
        Pod spinning = new PodBuilder(pod("probe", List.of("spin"), "Always")).editSpec().withActiveDeadlineSeconds(1L)
                .endSpec().build();
        PodState stopped = run(context(spinning));
        assertThat(stopped).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo("DeadlineExceeded");
            assertThat(failed.results().getFirst().exitCode()).isEqualTo(137);
        });

        PodContext backingOff = context(pod("probe", List.of(), "Always"));
        backingOff.stop(Wake.DELETED);
        PodState terminated = step(new CrashLoopBackoff(Duration.ofMinutes(5)), backingOff);
        assertThat(terminated).isEqualTo(new Terminated());
        assertThat(terminated.next(backingOff)).isEqualTo(Transition.done());
        assertThat(deleted).as("the deletion is finished with grace 0").hasSize(1);
    }

    @Test
    void initContainersRunInOrderEachToCompletionBeforeTheContainers() throws Exception {
        PodContext pod = context(withInit(pod("probe", List.of(), "Never"), "probe", List.of(), "probe", List.of("args", "x")));

        assertThat(step(step(new ImagePull(0), pod), pod)).isEqualTo(new InitStarting(0));
        PodState first = step(new InitStarting(0), pod);
        assertThat(first).isInstanceOfSatisfying(InitRunning.class, running -> assertThat(running.index()).isZero());
        assertThat(first.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(step(first, pod)).isEqualTo(new InitStarting(1));
        PodState second = step(new InitStarting(1), pod);
        assertThat(step(second, pod)).isEqualTo(new Starting());
        assertThat(pod.init().completed()).isEqualTo(2);
        assertThat(pod.init().latest("init-1")).hasValueSatisfying(result -> assertThat(result.exitCode()).isZero());
        assertThat(step(new VolumeMount(), pod)).as("completed init containers do not run again on a restart")
                .isEqualTo(new Starting());
    }

    @Test
    void aFailingInitContainerFailsThePodUnderNeverAndBacksOffOtherwise() throws Exception {
        PodContext never = context(withInit(pod("probe", List.of(), "Never"), "probe", List.of("exit", "1"),
                "probe", List.of()));
        PodState failed = step(step(step(step(new ImagePull(0), never), never), never), never);
        assertThat(failed).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.reason()).isEqualTo("InitContainerFailed");
            assertThat(f.message()).startsWith("init container init-0 exited with code 1")
                    .contains("the containers after it did not run");
        });
        assertThat(never.init().completed()).isZero();
        assertThat(never.init().latest("init-1")).as("the init container after it never ran").isEmpty();

        PodContext onFailure = context(withInit(pod("probe", List.of(), "OnFailure"), "probe", List.of("exit", "1")));
        PodState backoff = step(step(step(step(new ImagePull(0), onFailure), onFailure), onFailure), onFailure);
        assertThat(backoff).isEqualTo(new CrashLoopBackoff(Duration.ofSeconds(10), "init-0"));
        assertThat(backoff.phase()).as("a pod whose init containers have not completed is Pending").isEqualTo(PodPhase.PENDING);
    }

    @Test
    void aSidecarInitContainerIsRefusedWithItsName() throws Exception {
        Pod pod = withInit(pod("probe", List.of(), "Always"), "probe", List.of());
        pod.getSpec().getInitContainers().getFirst().setRestartPolicy("Always");

        assertThat(step(new Registered(), context(pod))).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo("UnsupportedSidecarContainers");
            assertThat(failed.message()).startsWith("init container init-0 has restartPolicy: Always (a sidecar container)");
        });
    }

    @Test
    void anInitRestartIsCountedForThatInitContainerAlone() throws Exception {
        var quick = new PodContext(withInit(pod("probe", List.of(), "OnFailure"), "probe", List.of("exit", "1")),
                SETTINGS, new TestImages(), new BasicSandboxFactory(), store(), new ModuleLauncher(Clock.systemUTC(), 8),
                deleted::add, Clock.systemUTC());

        assertThat(step(new CrashLoopBackoff(Duration.ofMillis(10), "init-0"), quick)).isEqualTo(new ImagePull(0));
        assertThat(quick.init().restarts("init-0")).isEqualTo(1);
        assertThat(quick.restarts()).as("the app containers did not restart").isZero();
    }

    /** {@code pod} with init containers {@code init-0, init-1…}, each a module and its args. */
    @SuppressWarnings("unchecked")
    private static Pod withInit(Pod pod, Object... moduleAndArgs) {
        PodBuilder builder = new PodBuilder(pod);
        for (int i = 0; i < moduleAndArgs.length; i += 2) {
            builder.editSpec().addNewInitContainer().withName("init-" + i / 2)
                    .withImage(TestImages.REGISTRY + moduleAndArgs[i] + ":1").withArgs((List<String>) moduleAndArgs[i + 1])
                    .endInitContainer().endSpec();
        }
        return builder.build();
    }

    @Test
    void aRestartIsCountedWhenTheBackoffEnds() throws Exception {
        PodContext pod = context(pod("probe", List.of(), "Always"));
        var quick = new PodContext(pod.pod(), new PodSettings(new BackoffPolicy(Duration.ofMillis(10),
                Duration.ofMillis(10)), SETTINGS.imagePull(), SETTINGS.stopGrace()), new TestImages(),
                new BasicSandboxFactory(), store(), new ModuleLauncher(Clock.systemUTC(), 8), deleted::add, Clock.systemUTC());

        assertThat(step(new CrashLoopBackoff(Duration.ofMillis(10)), quick)).isEqualTo(new ImagePull(0));
        assertThat(quick.restarts()).isEqualTo(1);
    }

    /** Drives a pod from ImagePull until its modules have run. */
    private PodState run(PodContext pod) throws InterruptedException {
        PodState state = new ImagePull(0);
        while (state instanceof ImagePull || state instanceof VolumeMount || state instanceof Starting
                || state instanceof Running) {
            state = step(state, pod);
        }
        return state;
    }

    private static PodState step(PodState state, PodContext pod) throws InterruptedException {
        Transition transition = state.next(pod);
        assertThat(transition).isInstanceOf(Transition.Next.class);
        PodState next = ((Transition.Next) transition).state();
        PodTransitions.check(state, next);
        return next;
    }

    private PodContext context(Pod pod) {
        return new PodContext(pod, SETTINGS, new TestImages(), new BasicSandboxFactory(), store(),
                new ModuleLauncher(Clock.systemUTC(), 8), deleted::add, Clock.systemUTC());
    }

    private ContainerLogStore store() {
        return new ContainerLogStore(logs, LogLimits.DEFAULT, Clock.systemUTC());
    }

    private static Pod pod(String module, List<String> args, String restartPolicy) {
        return new PodBuilder()
                .withNewMetadata().withName("p").withNamespace("ns").withUid("uid-1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy)
                    .addNewContainer().withName("main").withImage(TestImages.REGISTRY + module + ":1").withArgs(args)
                    .endContainer()
                .endSpec()
                .build();
    }
}
