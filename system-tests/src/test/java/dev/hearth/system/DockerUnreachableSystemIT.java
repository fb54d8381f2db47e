package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host whose Docker engine does not answer (here: a socket that does not exist). Its agent keeps
 * running and connected, says why nothing happens, and the cluster waits with that message — it
 * neither fails nor takes anything down with it.
 */
@Timeout(180)
class DockerUnreachableSystemIT {

    private static final Duration REPORTED_WITHIN = Duration.ofMinutes(1);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static final Path NO_SOCKET = RunPaths.target("tmp").resolve("no-docker-here.sock");
    private static Agent agent;

    @BeforeAll
    static void agentWithoutDocker() {
        agent = STACK.startAgent("nodocker", Map.of(
                "hearth.agent.docker.host", "unix://" + NO_SOCKET,
                "hearth.agent.docker.timeout", "1s",
                "hearth.agent.heartbeat-interval", "1s"));
    }

    @Test
    void theClusterWaitsWithAMessageSayingTheDockerEngineIsUnreachable() throws Exception {
        HearthApi api = STACK.api();
        String id = api.requestCluster("no-engine").id();

        ClusterState waiting = Waits.until("cluster " + id + " to say the Docker engine is unreachable", REPORTED_WITHIN,
                () -> api.cluster(id), state -> state.message() != null && state.message().contains("Docker engine"));
        assertThat(waiting.phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(waiting.host()).isEqualTo(agent.hostId());
        assertThat(waiting.message()).startsWith("Docker engine not reachable at unix://" + NO_SOCKET)
                .contains("clusters wait");

        // Several heartbeats later the agent still runs and answers, and the cluster still waits, not FAILED.
        Instant seen = Instant.now();
        Waits.until("three more heartbeats of " + agent.hostId(), Duration.ofSeconds(30),
                () -> api.host(agent.hostId()), host -> host.lastHeartbeatAt() != null
                        && host.lastHeartbeatAt().isAfter(seen.plusSeconds(3)));
        assertThat(agent.alive()).as("the agent process").isTrue();
        assertThat(api.host(agent.hostId()).status()).isEqualTo("ONLINE");
        ClusterState later = api.cluster(id);
        assertThat(later.phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(later.message()).startsWith("Docker engine not reachable at unix://" + NO_SOCKET);

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(agent.healthUrl())
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("the agent's readiness for its operator").isEqualTo(503);
        assertThat(health.body()).contains("Docker engine not reachable at unix://" + NO_SOCKET);
    }
}
