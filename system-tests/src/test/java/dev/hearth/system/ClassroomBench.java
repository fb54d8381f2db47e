package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bench/classroom} (issue 6): a classroom of {@code -Dbench.seats} seats (20) pre-provisioned on
 * this machine through the packaged backend and one real agent. Measures the time until every seat
 * is READY, the peak memory while they come up (the seats' containers by cgroup, and the whole
 * host), and the hand-out latency of a pre-provisioned seat (participants join, are removed, join
 * again: each join takes another warm seat). Writes the "Classroom" section of docs/BENCHMARKS.md.
 * Not part of the suite (no *IT name): run it with bench/classroom.
 */
@Timeout(1500)
class ClassroomBench {

    private static final int SEATS = Integer.getInteger("bench.seats", 20);
    private static final int JOINS = Integer.getInteger("bench.joins", 10);
    private static final String WARM_POOL_PER_HOST = System.getProperty("bench.warm-pool-per-host", "3");
    private static final Duration READY_WITHIN = Duration.ofMinutes(15);

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(
            Map.of("hearth.scheduling.warm-pool-per-host", WARM_POOL_PER_HOST));

    @Test
    void provisionATwentySeatClassroom() throws Exception {
        STACK.startAgent("bench");
        HearthApi irene = STACK.api().as("irene");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode room = irene.call("POST", "/api/v1/classrooms", Map.of("name", "Bench", "seats", SEATS,
                "startsAt", now.toString(), "endsAt", now.plus(3, ChronoUnit.HOURS).toString(), "codeMaxUses", 100), 201);
        String id = room.path("id").asText();
        String code = room.path("joinCode").path("code").asText();
        long hostBaseline = hostUsedBytes();

        AtomicLong peakContainers = new AtomicLong();
        AtomicLong peakHost = new AtomicLong();
        Instant start = Instant.now();
        irene.call("POST", "/api/v1/classrooms/" + id + "/provision", null, 202);
        List<Long> readyAfter = new ArrayList<>();
        Set<String> failedSeen = new LinkedHashSet<>();
        JsonNode warm = Waits.until("all " + SEATS + " seats READY", READY_WITHIN, () -> {
            JsonNode board = irene.call("GET", "/api/v1/classrooms/" + id, null, 200);
            peakContainers.accumulateAndGet(containerBytes(board), Math::max);
            peakHost.accumulateAndGet(hostUsedBytes() - hostBaseline, Math::max);
            int ready = board.path("counts").path("ready").asInt();
            while (readyAfter.size() < ready) {
                readyAfter.add(Duration.between(start, Instant.now()).toMillis());
            }
            // The agent reports a failed step as FAILED and retries it after its back-off: counted, not fatal.
            board.path("seats").forEach(seat -> {
                if ("FAILED".equals(seat.path("phase").asText())) {
                    failedSeen.add(seat.path("clusterId").asText() + ": " + seat.path("message").asText());
                }
            });
            return board;
        }, board -> board.path("counts").path("ready").asInt() == SEATS);
        long allReadyMs = Duration.between(start, Instant.now()).toMillis();
        long idleContainers = containerBytes(warm);

        List<Long> handOuts = new ArrayList<>();
        List<HearthApi> participants = List.of(STACK.api().as("alice"), STACK.api().as("bob"));
        // Signed in before the clock starts: a Keycloak password grant is not part of a hand-out.
        participants.forEach(p -> p.call("GET", "/api/v1/classrooms/seats", null, 200));
        for (int i = 0; i < JOINS; i++) {
            HearthApi participant = participants.get(i % 2);
            long t = System.nanoTime();
            JsonNode seat = participant.call("POST", "/api/v1/classrooms/join", Map.of("code", code), 200);
            handOuts.add((System.nanoTime() - t) / 1_000_000);
            assertThat(seat.path("warm").asBoolean()).as("join " + i + " got a warm seat").isTrue();
            irene.call("DELETE", "/api/v1/classrooms/" + id + "/seats/" + seat.path("seatId").asText() + "/participant", null, 200);
        }

        List<String> clusters = new ArrayList<>();
        irene.call("GET", "/api/v1/classrooms/" + id, null, 200).path("seats")
                .forEach(s -> clusters.add(s.path("clusterId").asText()));
        Instant ending = Instant.now();
        irene.call("POST", "/api/v1/classrooms/" + id + "/end", null, 200);
        for (String cluster : clusters) {
            Waits.until("cluster " + cluster + " gone from Docker", Duration.ofMinutes(5),
                    () -> STACK.docker().objectsOfCluster(cluster), List::isEmpty);
        }
        long teardownMs = Duration.between(ending, Instant.now()).toMillis();

        List<Long> sorted = handOuts.stream().sorted().toList();
        String section = """
                ## Classroom
                Reproduce: `bench/classroom` (runs `ClassroomBench` in system-tests: the packaged backend and one real
                agent on this machine, a fresh database; everything it made is removed at the end). %s, %d seats,
                warm-pool start limit %s per host (`hearth.scheduling.warm-pool-per-host`).

                | what | measured |
                |---|---|
                | pre-provision %d seats → all READY | %.1f s (first READY after %.1f s, half after %.1f s) |
                | peak memory of the seats' containers while they came up (cgroup, as `docker stats`) | %d MiB (%d MiB per seat) |
                | the same when the last seat turned READY (%d seats) | %d MiB (%d MiB per seat) |
                | peak host memory in use above the baseline (`MemTotal − MemAvailable`) | %d MiB |
                | hand-out of a pre-provisioned seat (`POST /api/v1/classrooms/join`, %d joins) | p50 %d ms, max %d ms (target ≤ 1 s) |
                | end of class → every seat's containers, networks, volumes gone | %.1f s |
                | provisioning attempts reported FAILED and retried by the agent on the way | %d |
                """.formatted(LocalDate.now(), SEATS, WARM_POOL_PER_HOST, SEATS,
                allReadyMs / 1000.0, readyAfter.getFirst() / 1000.0, readyAfter.get(SEATS / 2 - 1) / 1000.0,
                mib(peakContainers.get()), mib(peakContainers.get()) / SEATS, SEATS, mib(idleContainers),
                mib(idleContainers) / SEATS, mib(peakHost.get()), JOINS, sorted.get((sorted.size() - 1) / 2),
                sorted.getLast(), teardownMs / 1000.0, failedSeen.size());
        failedSeen.forEach(f -> System.out.println("failed on the way (retried): " + f));
        System.out.println(section);
        writeSection(section);
    }

    /** Memory in use by every container of the board's seat clusters, as {@code docker stats} counts it. */
    private static long containerBytes(JsonNode board) {
        long total = 0;
        for (JsonNode seat : board.path("seats")) {
            String cluster = seat.path("clusterId").asText("");
            if (cluster.isEmpty()) {
                continue;
            }
            for (var container : STACK.docker().containersOfCluster(cluster)) {
                total += cgroupBytes(container.getId());
            }
        }
        return total;
    }

    /** usage − inactive file pages (what {@code docker stats} shows), from the cgroup v1 memory controller. */
    private static long cgroupBytes(String containerId) {
        Path dir = Path.of("/sys/fs/cgroup/memory/docker", containerId);
        try {
            long usage = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).strip());
            long inactive = Files.readAllLines(dir.resolve("memory.stat")).stream()
                    .filter(l -> l.startsWith("total_inactive_file ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                    .findFirst().orElse(0);
            return usage - inactive;
        } catch (IOException | NumberFormatException e) {
            return 0; // not running (yet, or any more)
        }
    }

    private static long hostUsedBytes() {
        try {
            long total = 0;
            long available = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } else if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return total - available;
        } catch (IOException e) {
            throw new IllegalStateException("failed to read /proc/meminfo", e);
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** Replaces the "## Classroom" section of docs/BENCHMARKS.md (or appends it), keeping the others. */
    private static void writeSection(String section) throws IOException {
        Path file = RunPaths.root().resolve("docs/BENCHMARKS.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Classroom\n");
        String updated;
        if (start < 0) {
            updated = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + 1);
            updated = text.substring(0, start + 1) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
