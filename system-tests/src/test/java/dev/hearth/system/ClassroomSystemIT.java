package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A classroom with real clusters, through the packaged backend and a real agent: irene pre-provisions
 * two seats, alice takes one and gets its READY cluster at once — and its kubeconfig works for her
 * with stock kubectl, so the hand-out really moved the cluster to her — then irene ends the class
 * and every seat's containers, network and volumes are gone from Docker.
 */
@Timeout(420)
class ClassroomSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final Duration GONE_WITHIN = Duration.ofMinutes(2);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @BeforeAll
    static void agent() {
        STACK.startAgent("a");
    }

    @Test
    void preProvisionedSeatsAreRealClustersHandedOverAtOnceAndGoneWhenTheClassEnds() throws Exception {
        HearthApi irene = STACK.api().as("irene");
        HearthApi alice = STACK.api().as("alice");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode room = irene.call("POST", "/api/v1/classrooms", Map.of("name", "System class", "seats", 2,
                "startsAt", now.toString(), "endsAt", now.plus(2, ChronoUnit.HOURS).toString()), 201);
        String id = room.path("id").asText();
        String code = room.path("joinCode").path("code").asText();

        irene.call("POST", "/api/v1/classrooms/" + id + "/provision", null, 202);
        JsonNode warm = Waits.until("both seats READY on the board", READY_WITHIN,
                () -> irene.call("GET", "/api/v1/classrooms/" + id, null, 200),
                // Not failing fast on FAILED: the agent reports a failed step as FAILED and retries it
                // after its back-off ("next attempt in 2 s"), so a seat can pass through FAILED to READY.
                board -> board.path("counts").path("ready").asInt() == 2);
        List<String> clusters = new ArrayList<>();
        warm.path("seats").forEach(seat -> clusters.add(seat.path("clusterId").asText()));
        for (String cluster : clusters) {
            assertThat(STACK.docker().containersOfCluster(cluster)).as("containers of warm cluster " + cluster).isNotEmpty();
        }

        long started = System.nanoTime();
        JsonNode seat = alice.call("POST", "/api/v1/classrooms/join", Map.of("code", code), 200);
        long handOutMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(seat.path("warm").asBoolean()).isTrue();
        assertThat(seat.path("phase").asText()).isEqualTo("READY");
        assertThat(handOutMs).as("hand-out latency of a pre-provisioned seat, ms").isLessThan(1000);
        String mine = seat.path("clusterId").asText();
        Path kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(mine + "-kubeconfig.yaml"), alice.kubeconfig(mine));
        assertThat(Kubectl.withKubeconfig(kubeconfig).run("get", "--raw", "/readyz").strip()).isEqualTo("ok");

        irene.call("POST", "/api/v1/classrooms/" + id + "/end", null, 200);
        for (String cluster : clusters) {
            Waits.until("cluster " + cluster + "'s Docker objects removed", GONE_WITHIN,
                    () -> STACK.docker().objectsOfCluster(cluster), List::isEmpty);
        }
        // The agent removes the containers first and reports DELETED just after: wait for the report.
        Waits.until("cluster " + mine + " reported DELETED", GONE_WITHIN,
                () -> alice.cluster(mine).phase(), phase -> phase == Phase.DELETED);
        JsonNode ended = irene.call("GET", "/api/v1/classrooms/" + id, null, 200);
        assertThat(ended.path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.path("joinCode").path("state").asText()).isEqualTo("EXPIRED");
    }
}
