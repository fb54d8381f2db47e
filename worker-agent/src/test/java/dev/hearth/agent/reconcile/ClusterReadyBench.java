package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.TestHost;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.ObservedPhase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Agent-level benchmark of docs/BENCHMARKS.md's first and third targets: desired → READY (one at a time, then
 * five at once) and idle memory per cluster, on the real engine — what the agent contributes to the
 * API's request → READY. Named neither *Test nor *IT so the suite does not run it; run it with
 * {@code ./hearth mvn -pl worker-agent test -Dtest=ClusterReadyBench} ({@code -Dbench.clusters=N}).
 */
class ClusterReadyBench {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    @Test
    void measure() throws Exception {
        int sequential = Integer.getInteger("bench.clusters", 10);
        try (TestHost host = new TestHost()) {
            var sink = new RecordingSink();
            List<DesiredCluster> desired = new ArrayList<>();
            List<Long> oneAtATime = new ArrayList<>();
            Map<String, List<Long>> stepTimes = new LinkedHashMap<>();
            try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
                for (int i = 0; i < sequential; i++) {
                    var cluster = new DesiredCluster("b" + i + "-" + host.hostId(), "bench", null, 1);
                    desired.add(cluster);
                    Instant requested = Instant.now();
                    agent.desired(new DesiredClusters(List.copyOf(desired)));
                    sink.await(cluster.id(), ObservedPhase.READY, READY_WITHIN);
                    oneAtATime.add(readyAt(sink, cluster.id()).toEpochMilli() - requested.toEpochMilli());
                    collectStepTimes(sink.timed(cluster.id()), stepTimes);
                }
                Thread.sleep(Duration.ofSeconds(20));
                List<Double> idleMiB = idleMemoryMiB(host.hostId());

                List<Long> fiveAtOnce = new ArrayList<>();
                List<DesiredCluster> burst = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    burst.add(new DesiredCluster("p" + i + "-" + host.hostId(), "bench", null, 1));
                }
                desired.addAll(burst);
                Instant requested = Instant.now();
                agent.desired(new DesiredClusters(List.copyOf(desired)));
                for (DesiredCluster cluster : burst) {
                    sink.await(cluster.id(), ObservedPhase.READY, READY_WITHIN);
                    fiveAtOnce.add(readyAt(sink, cluster.id()).toEpochMilli() - requested.toEpochMilli());
                }
                Instant deleting = Instant.now();
                agent.desired(new DesiredClusters(List.of()));
                for (DesiredCluster cluster : desired) {
                    sink.await(cluster.id(), ObservedPhase.DELETED, Duration.ofMinutes(2));
                }
                long deleteAll = Duration.between(deleting, Instant.now()).toMillis();
                print(oneAtATime, fiveAtOnce, stepTimes, idleMiB, deleteAll, desired.size());
            }
        }
    }

    private static Instant readyAt(RecordingSink sink, String id) {
        return sink.timed(id).stream().filter(timed -> timed.observation().phase() == ObservedPhase.READY)
                .findFirst().orElseThrow().at();
    }

    private static void collectStepTimes(List<RecordingSink.Timed> timed, Map<String, List<Long>> stepTimes) {
        for (int i = 0; i + 1 < timed.size(); i++) {
            ClusterObserved observed = timed.get(i).observation();
            if (observed.phase() == ObservedPhase.PROVISIONING) {
                stepTimes.computeIfAbsent(observed.step(), step -> new ArrayList<>())
                        .add(Duration.between(timed.get(i).at(), timed.get(i + 1).at()).toMillis());
            }
        }
    }

    /** {@code docker stats} memory (cache excluded, as the CLI shows it) of each control-plane container. */
    private static List<Double> idleMemoryMiB(String hostId) throws Exception {
        Process stats = new ProcessBuilder("docker", "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}").start();
        String out = new String(stats.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stats.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(line -> line.contains(hostId) && line.contains("control-plane"))
                .map(line -> line.split(" ")[1])
                .map(ClusterReadyBench::mebibytes).toList();
    }

    private static double mebibytes(String usage) {
        double value = Double.parseDouble(usage.replaceAll("[A-Za-z]+$", ""));
        return usage.endsWith("GiB") ? value * 1024 : usage.endsWith("KiB") ? value / 1024 : value;
    }

    private static void print(List<Long> oneAtATime, List<Long> fiveAtOnce, Map<String, List<Long>> stepTimes,
            List<Double> idleMiB, long deleteAll, int clusters) {
        StringBuilder table = new StringBuilder("\n| what | measured |\n|---|---|\n");
        table.append(String.format("| desired → READY, one at a time (n=%d) | p50 %.1f s, p95 %.1f s, max %.1f s |%n",
                oneAtATime.size(), percentile(oneAtATime, 50), percentile(oneAtATime, 95), percentile(oneAtATime, 100)));
        table.append(String.format("| desired → READY, 5 at once (parallelism 4) | p50 %.1f s, max %.1f s |%n",
                percentile(fiveAtOnce, 50), percentile(fiveAtOnce, 100)));
        stepTimes.forEach((step, times) -> table.append(String.format("| step \"%s\", p50 | %.2f s |%n", step,
                percentile(times, 50))));
        table.append(String.format("| idle memory per control-plane container, 20 s after READY (n=%d) | mean %.0f MiB, max %.0f MiB |%n",
                idleMiB.size(), idleMiB.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                idleMiB.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        table.append(String.format("| delete all %d clusters (DELETED reported for each) | %.1f s |%n", clusters, deleteAll / 1000.0));
        System.out.println(table);
    }

    private static double percentile(List<Long> millis, int percentile) {
        List<Long> sorted = millis.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
