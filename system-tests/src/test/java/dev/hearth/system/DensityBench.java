package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bench/density} (issue 15): how many idle clusters one host holds. Through the packaged backend
 * and one real agent on this machine it adds clusters, one at a time, up to each step of
 * {@code -Dbench.steps} (10,25,50,100) and at each step measures
 * <ul>
 *   <li>each cluster's idle CPU over {@code -Dbench.window} seconds (60) from its containers' cgroups
 *       (cpuacct.usage), and its memory (as {@code docker stats});</li>
 *   <li>request → READY of the clusters added on the way to that step (the load grows as they come);</li>
 *   <li>whether every cluster's WASI node is Ready and its node lease renewed within 40 s (the lease's
 *       duration: older means the control plane or the node is starved);</li>
 *   <li>the API latency of a cluster picked at random (kubectl's own request timing, 20 reads).</li>
 * </ul>
 * It stops at the first step the host cannot reach: a cluster left waiting with the scheduler's reason
 * (the host is full: memory, CPU or its cluster limit), a cluster not READY in time, the machine's
 * MemAvailable under {@code -Dbench.min-available-mib} (3072; the machine is shared), or the time
 * budget ({@code -Dbench.minutes}, 40). Prints the table and writes the "Density" section of docs/BENCHMARKS.md.
 * Every cluster it made is deleted at the end (the stack removes the rest). Not part of the suite.
 */
@Timeout(7200)
class DensityBench {

    private static final List<Integer> STEPS = Arrays.stream(System.getProperty("bench.steps", "10,25,50,100").split(","))
            .map(String::strip).map(Integer::parseInt).toList();
    private static final int WINDOW_S = Integer.getInteger("bench.window", 60);
    private static final Duration BUDGET = Duration.ofMinutes(Integer.getInteger("bench.minutes", 40));
    /** Below this much MemAvailable no cluster is added: the machine is shared, and an OOM kill hits others' work. */
    private static final long MIN_AVAILABLE_MIB = Long.getLong("bench.min-available-mib", 3072);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration FULL_AFTER = Duration.ofSeconds(30);
    private static final Pattern KUBECTL_TIMING = Pattern.compile("\"Response\".*milliseconds=(\\d+)");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of(
            "hearth.quota.max-clusters-per-user", "500",
            "hearth.scheduling.cluster-millicores", System.getProperty("bench.cluster-millicores", "20")));

    private record Step(int clusters, double cpuP50, double cpuMax, double cpuTotal, long memP50, long memTotal,
            long readyP50, long readyP95, int added, int fresh, String apiLatency, String load) {
    }

    @Test
    void addIdleClustersUntilTheHostIsFull() throws Exception {
        Instant deadline = Instant.now().plus(BUDGET);
        STACK.startAgent("density", Map.of("hearth.agent.max-clusters", "500"));
        HearthApi api = STACK.api().as("alice");
        List<String> clusters = new ArrayList<>();
        Map<String, Kubectl> kubectl = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        String stoppedBecause = "every step reached";
        try {
            for (int target : STEPS) {
                List<Long> readyMs = new ArrayList<>();
                String full = null;
                while (clusters.size() < target && full == null) {
                    if (Instant.now().isAfter(deadline)) {
                        full = "the time budget (" + BUDGET.toMinutes() + " min) ran out at " + clusters.size() + " clusters";
                        break;
                    }
                    long available = availableMib();
                    if (available < MIN_AVAILABLE_MIB) {
                        full = "the machine had " + available + " MiB available at " + clusters.size()
                                + " clusters, under the bench's floor of " + MIN_AVAILABLE_MIB + " MiB (other work shares it)";
                        break;
                    }
                    long t = System.nanoTime();
                    String id = api.requestCluster("density-" + clusters.size()).id();
                    clusters.add(id);
                    full = awaitReadyOrFull(api, id);
                    if (full == null) {
                        readyMs.add((System.nanoTime() - t) / 1_000_000);
                        kubectl.put(id, kubectlFor(api, id));
                    } else {
                        clusters.remove(id);
                        api.deleteCluster(id);
                    }
                }
                if (clusters.size() < target) {
                    stoppedBecause = full;
                    System.out.println("density: stopped before " + target + ": " + full);
                    break;
                }
                Step step = measure(clusters, kubectl, readyMs);
                steps.add(step);
                System.out.println("density: " + step);
                writeSection(section(steps, stoppedBecause));
            }
        } finally {
            for (String id : clusters) {
                try {
                    api.deleteCluster(id);
                } catch (RuntimeException | AssertionError e) {
                    System.out.println("density: delete " + id + ": " + e.getMessage());
                }
            }
        }
        String section = section(steps, stoppedBecause);
        System.out.println(section);
        writeSection(section);
    }

    /** null once the cluster is READY with its node Ready; the reason if the host turned out full or it failed. */
    private static String awaitReadyOrFull(HearthApi api, String id) {
        Instant start = Instant.now();
        ClusterState state = Waits.until("cluster " + id + " READY, or the host full", READY_WITHIN.plus(FULL_AFTER),
                () -> api.cluster(id), s -> s.phase() == Phase.READY || s.phase() == Phase.FAILED
                        || s.phase() == Phase.REQUESTED && Duration.between(start, Instant.now()).compareTo(FULL_AFTER) > 0);
        return switch (state.phase()) {
            case READY -> null;
            case REQUESTED -> "the host is full: " + state.message();
            default -> "a cluster failed: " + state.message();
        };
    }

    private static Kubectl kubectlFor(HearthApi api, String id) throws IOException {
        Path file = Files.writeString(RunPaths.target("tmp").resolve(id + "-kubeconfig.yaml"), api.kubeconfig(id));
        Kubectl kubectl = Kubectl.withKubeconfig(file);
        Waits.until("the WASI node of " + id + " Ready", Duration.ofMinutes(2), () -> nodeReady(kubectl));
        return kubectl;
    }

    private static boolean nodeReady(Kubectl kubectl) {
        return kubectl.run("get", "nodes", "-o", "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].status}")
                .contains("True");
    }

    private static Step measure(List<String> clusters, Map<String, Kubectl> kubectl, List<Long> readyMs)
            throws InterruptedException {
        String load0 = loadAverage();
        Map<String, Long> cpu0 = new HashMap<>();
        clusters.forEach(id -> cpu0.put(id, cpuNanos(id)));
        long t0 = System.nanoTime();
        Thread.sleep(WINDOW_S * 1000L); // the measuring window itself, not a wait for a condition
        long elapsed = System.nanoTime() - t0;
        List<Double> cpu = new ArrayList<>();
        List<Long> mem = new ArrayList<>();
        for (String id : clusters) {
            cpu.add(100.0 * (cpuNanos(id) - cpu0.get(id)) / elapsed);
            mem.add(STACK.docker().containersOfCluster(id).stream().mapToLong(c -> memoryBytes(c.getId())).sum());
        }
        String load1 = loadAverage();
        int fresh = 0;
        for (String id : clusters) {
            fresh += fresh(kubectl.get(id)) ? 1 : 0;
        }
        String latency = apiLatency(kubectl.get(clusters.get(new Random().nextInt(clusters.size()))));
        List<Double> cpuSorted = cpu.stream().sorted().toList();
        List<Long> memSorted = mem.stream().sorted().toList();
        List<Long> readySorted = readyMs.stream().sorted().toList();
        return new Step(clusters.size(), cpuSorted.get((cpuSorted.size() - 1) / 2), cpuSorted.getLast(),
                cpu.stream().mapToDouble(Double::doubleValue).sum(), memSorted.get((memSorted.size() - 1) / 2),
                mem.stream().mapToLong(Long::longValue).sum(), percentile(readySorted, 50), percentile(readySorted, 95),
                readySorted.size(), fresh, latency, load0 + " → " + load1);
    }

    /** The node is Ready and its lease was renewed within the lease's 40 s. */
    private static boolean fresh(Kubectl kubectl) {
        try {
            if (!nodeReady(kubectl)) {
                return false;
            }
            String renewed = kubectl.run("get", "leases", "-n", "kube-node-lease", "-o", "jsonpath={.items[*].spec.renewTime}");
            return !renewed.isBlank() && Arrays.stream(renewed.strip().split("\\s+"))
                    .allMatch(t -> Duration.between(java.time.OffsetDateTime.parse(t, RFC3339).toInstant(), Instant.now())
                            .compareTo(Duration.ofSeconds(40)) < 0);
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    /** p50 / p95 / max of 20 reads of a namespace, as kubectl's client timed the requests (no process start). */
    private static String apiLatency(Kubectl kubectl) {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Scripts.Result result = Scripts.run(kubectl.command("get", "--raw", "/api/v1/namespaces/default", "-v=6"),
                    Duration.ofSeconds(30));
            Matcher m = KUBECTL_TIMING.matcher(result.stderr());
            if (result.exitCode() == 0 && m.find()) {
                ms.add(Long.parseLong(m.group(1)));
            }
        }
        if (ms.isEmpty()) {
            return "no answer";
        }
        List<Long> sorted = ms.stream().sorted().toList();
        return "p50 " + percentile(sorted, 50) + " ms, p95 " + percentile(sorted, 95) + " ms, max " + sorted.getLast() + " ms";
    }

    /** Nearest rank. */
    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** CPU time of every container of the cluster, from the cgroup v1 cpuacct controller. */
    private static long cpuNanos(String clusterId) {
        long total = 0;
        for (var container : STACK.docker().containersOfCluster(clusterId)) {
            try {
                total += Long.parseLong(Files.readString(
                        Path.of("/sys/fs/cgroup/cpuacct/docker", container.getId(), "cpuacct.usage")).strip());
            } catch (IOException | NumberFormatException e) {
                // not running (yet, or any more): it used nothing in the window
            }
        }
        return total;
    }

    /** usage − inactive file pages (what {@code docker stats} shows), from the cgroup v1 memory controller. */
    private static long memoryBytes(String containerId) {
        Path dir = Path.of("/sys/fs/cgroup/memory/docker", containerId);
        try {
            long usage = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).strip());
            long inactive = Files.readAllLines(dir.resolve("memory.stat")).stream()
                    .filter(l -> l.startsWith("total_inactive_file ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                    .findFirst().orElse(0);
            return usage - inactive;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long availableMib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemAvailable:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String section(List<Step> steps, String stoppedBecause) {
        StringBuilder table = new StringBuilder();
        for (Step s : steps) {
            table.append("| %d | %.2f %% (max %.2f %%) | %.2f cores | %d MiB | %.1f GiB | %s | %d of %d | %s | %s |%n".formatted(
                    s.clusters(), s.cpuP50(), s.cpuMax(), s.cpuTotal() / 100, s.memP50() >> 20, s.memTotal() / (double) (1L << 30),
                    s.added() == 0 ? "–" : "p50 %.1f s, p95 %.1f s (%d)".formatted(s.readyP50() / 1000.0, s.readyP95() / 1000.0, s.added()),
                    s.fresh(), s.clusters(), s.apiLatency(), s.load()));
        }
        return """
                ## Density
                Reproduce: `bench/density` (runs `DensityBench` in system-tests: the packaged backend and one real agent
                on this machine, a fresh database; clusters are added one at a time and deleted at the end). Run %s UTC,
                %d-second CPU window per step; the machine is shared, so the load average is given for each window.
                Stopped: %s.

                | idle clusters | CPU per cluster (p50, control plane + WASI node) | all clusters | memory per cluster (p50) | all clusters | request → READY of the clusters added on the way | node Ready and lease fresh | API latency, random cluster | load average (window start → end) |
                |---|---|---|---|---|---|---|---|---|
                %s""".formatted(LocalDateTime.now(ZoneOffset.UTC).withNano(0), WINDOW_S, stoppedBecause, table);
    }

    /** Replaces the "## Density" section of docs/BENCHMARKS.md (or appends it), keeping the others. */
    private static void writeSection(String section) throws IOException {
        Path file = RunPaths.root().resolve("docs/BENCHMARKS.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Density\n");
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
