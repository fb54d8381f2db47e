package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent is the part that dies (OOM killer, reboot, operator): a restart at any moment converges
 * (docs/architecture.md). Killed with {@code kill -9} in the middle of provisioning, a restarted agent finishes
 * the same cluster; a cluster deleted while its agent was down is removed when the agent returns.
 */
@Timeout(300)
class AgentRestartSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration DELETED_WITHIN = Duration.ofMinutes(2);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static Agent agent;

    @BeforeAll
    static void agent() {
        agent = STACK.startAgent("restart");
    }

    @BeforeEach
    void agentRuns() {
        if (!agent.alive()) {
            agent.start();
        }
    }

    @Test
    void anAgentKilledWhileProvisioningFinishesTheClusterAfterARestart() throws Exception {
        HearthApi api = STACK.api();
        String id = api.requestCluster("interrupted").id();

        // Mid-way: the agent has reported PROVISIONING and already started the control-plane container.
        ClusterState midway = Waits.until("cluster " + id + " PROVISIONING with its control-plane container created",
                READY_WITHIN, () -> {
                    ClusterState state = api.cluster(id);
                    if (state.phase() == Phase.READY || state.phase() == Phase.FAILED) {
                        throw new AssertionError("cluster " + id + " reached " + state + " before the agent could be "
                                + "killed mid-provisioning");
                    }
                    return state;
                }, state -> state.phase() == Phase.PROVISIONING && !controlPlanes(id).isEmpty());
        agent.kill();
        assertThat(api.cluster(id).phase()).as("with its agent dead, after %s", midway).isEqualTo(Phase.PROVISIONING);

        agent.start();
        ClusterState ready = api.awaitPhase(id, Phase.READY, READY_WITHIN);
        assertThat(ready.host()).isEqualTo(agent.hostId());
        assertThat(controlPlanes(id)).as("control-plane containers of %s after the restart", id).hasSize(1);

        Path kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(id + "-kubeconfig.yaml"), api.kubeconfig(id));
        assertThat(Kubectl.withKubeconfig(kubeconfig).run("get", "--raw", "/readyz").strip())
                .as("kubectl with the kubeconfig downloaded after the restart").isEqualTo("ok");

        api.deleteCluster(id);
        api.awaitPhase(id, Phase.DELETED, DELETED_WITHIN);
        assertThat(STACK.docker().objectsOfCluster(id)).isEmpty();
    }

    @Test
    void aClusterDeletedWhileItsAgentIsDownIsRemovedWhenTheAgentReturns() {
        HearthApi api = STACK.api();
        String id = api.requestCluster("orphan-to-be").id();
        api.awaitPhase(id, Phase.READY, READY_WITHIN);

        agent.kill();
        assertThat(api.deleteCluster(id).phase()).isEqualTo(Phase.DELETING);
        assertThat(STACK.docker().objectsOfCluster(id)).as("what only the (dead) agent can remove")
                .anyMatch(object -> object.startsWith("container"));
        assertThat(api.cluster(id).phase()).as("while nobody can remove its containers").isEqualTo(Phase.DELETING);

        agent.start();
        api.awaitPhase(id, Phase.DELETED, DELETED_WITHIN);
        assertThat(STACK.docker().objectsOfCluster(id))
                .as("containers, networks and volumes labelled dev.hearth.cluster=" + id).isEmpty();
    }

    private static List<Container> controlPlanes(String clusterId) {
        return STACK.docker().containersOfCluster(clusterId).stream()
                .filter(container -> "control-plane".equals(container.getLabels().get(DockerObjects.ROLE)))
                .toList();
    }
}
