package dev.hearth.wasmnode.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.logs.ContainerLogStore;
import dev.hearth.wasmnode.logs.LogLimits;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statuses the node writes, rendered for every state a pod passes through with real module runs
 * (the committed probe) and no API server — so a status a kubelet would never write is caught here,
 * whichever moment a reader happens to look at.
 */
@Timeout(60)
class PodStatusRendererTest {

    private static final PodSettings QUICK = new PodSettings(new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(10)),
            new BackoffPolicy(Duration.ofMillis(10), Duration.ofMillis(10)), Duration.ofSeconds(5));

    private final PodStatusRenderer renderer = new PodStatusRenderer(InetAddress.getLoopbackAddress());
    @TempDir
    Path logs;

    @Test
    void everyStatusOfARestartedContainerCarriesItsLastTermination() throws InterruptedException {
        PodContext pod = context(pod("OnFailure"));
        List<String> seen = new ArrayList<>();
        PodState state = new Registered();
        while (pod.restarts() < 3 || !(state instanceof CrashLoopBackoff)) {
            ContainerStatus status = renderer.render(state, pod, Clock.systemUTC().instant()).getStatus()
                    .getContainerStatuses().getFirst();
            seen.add(state.getClass().getSimpleName() + "@" + status.getRestartCount());
            if (status.getRestartCount() > 0) {
                assertThat(status.getLastState().getTerminated())
                        .as("lastState of a container restarted %d times, in state %s", status.getRestartCount(),
                                state.getClass().getSimpleName())
                        .isNotNull()
                        .satisfies(last -> assertThat(last.getExitCode()).isEqualTo(3));
            }
            state = ((Transition.Next) state.next(pod)).state();
        }
        assertThat(seen).as("the states where the bug showed were rendered after restarts")
                .contains("Error@2", "Running@3", "ImagePull@3");
    }

    @Test
    void theRunShownAsStateIsNotAlsoShownAsLastState() throws InterruptedException {
        PodContext pod = context(pod("OnFailure"));
        ContainerResult first = new ContainerResult("main", 3, null, null, Clock.systemUTC().instant().minusSeconds(20),
                Clock.systemUTC().instant().minusSeconds(19));
        ContainerResult second = new ContainerResult("main", 4, null, null, Clock.systemUTC().instant().minusSeconds(9),
                Clock.systemUTC().instant().minusSeconds(8));
        pod.lastResults(List.of(first));
        pod.restarted();
        pod.lastResults(List.of(second));

        ContainerStatus error = renderer.render(new Error(List.of(second), true), pod, Clock.systemUTC().instant())
                .getStatus().getContainerStatuses().getFirst();
        ContainerStatus backingOff = renderer.render(new CrashLoopBackoff(Duration.ofSeconds(1)), pod,
                Clock.systemUTC().instant()).getStatus().getContainerStatuses().getFirst();

        assertThat(error.getState().getTerminated().getExitCode()).isEqualTo(4);
        assertThat(error.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(backingOff.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(backingOff.getLastState().getTerminated().getExitCode()).isEqualTo(4);
    }

    @Test
    void whileAnInitContainerBacksOffOnlyItShowsCrashLoopBackOffAndTheAppWaitsForInitialization() {
        Pod pod = new PodBuilder(pod("OnFailure")).editSpec().addNewInitContainer().withName("wait-for-db")
                .withImage(TestImages.REGISTRY + "probe:1").endInitContainer().endSpec().build();
        PodContext context = context(pod);
        context.init().ended(new ContainerResult("wait-for-db", 1, null, null, Clock.systemUTC().instant(),
                Clock.systemUTC().instant()));

        var status = renderer.render(new CrashLoopBackoff(Duration.ofSeconds(2), "wait-for-db"), context,
                Clock.systemUTC().instant()).getStatus();

        assertThat(status.getPhase()).isEqualTo("Pending");
        assertThat(status.getInitContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("CrashLoopBackOff");
        assertThat(status.getInitContainerStatuses().getFirst().getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(status.getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(status.getConditions()).filteredOn(condition -> condition.getType().equals("Initialized"))
                .singleElement().satisfies(condition -> {
                    assertThat(condition.getStatus()).isEqualTo("False");
                    assertThat(condition.getReason()).isEqualTo("ContainersNotInitialized");
                });
    }

    @Test
    void aNodeRestartedUnderARestartedPodKeepsShowingTheLastRun() {
        Pod reported = new PodBuilder(pod("OnFailure")).withNewStatus().addNewContainerStatus().withName("main")
                .withRestartCount(3)
                .withNewState().withNewTerminated().withExitCode(3).withStartedAt("2026-01-01T00:00:00Z")
                    .withFinishedAt("2026-01-01T00:00:01Z").endTerminated().endState()
                .endContainerStatus().endStatus().build();

        ContainerStatus status = renderer.render(new Registered(), context(reported), Clock.systemUTC().instant())
                .getStatus().getContainerStatuses().getFirst();

        assertThat(status.getRestartCount()).isEqualTo(3);
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    }

    private PodContext context(Pod pod) {
        return new PodContext(pod, QUICK, new TestImages(), new BasicSandboxFactory(),
                new ContainerLogStore(logs, LogLimits.DEFAULT, Clock.systemUTC()), new ModuleLauncher(Clock.systemUTC(), 8),
                deleted -> { }, Clock.systemUTC());
    }

    private static Pod pod(String restartPolicy) {
        return new PodBuilder()
                .withNewMetadata().withName("crashy").withNamespace("ns").withUid("uid-1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy)
                    .addNewContainer().withName("main").withImage(TestImages.REGISTRY + "probe:1").withArgs("exit", "3")
                    .endContainer()
                .endSpec()
                .build();
    }
}
