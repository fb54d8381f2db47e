package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.agent.reconcile.ClusterReconciler;
import dev.hearth.agent.reconcile.RecordingSink;
import dev.hearth.agent.reconcile.TestAgent;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.ObservedPhase;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelTarget;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The terminal on the agent's side with a real cluster (bench/terminal; docs/BENCHMARKS.md, "Terminal"):
 * open → prompt with the toolbox cold and warm, keystroke → echo through docker exec's TTY (the agent's
 * hop; the backend's and the browser's are not in it), and N idle terminals at once: the toolbox's memory
 * and CPU per terminal. Times are taken where the agent's output arrives (the recorder), not by the
 * polling wait, whose 20 ms period would otherwise be most of a keystroke's echo. Named neither *Test nor *IT so the suite does not run it:
 * {@code mvn -pl worker-agent test -Dtest=TerminalBench -Dbench.terminals=100}. Bounded by its timeout.
 */
@Timeout(900)
class TerminalBench {

    private final Map<String, ByteArrayOutputStream> screens = new ConcurrentHashMap<>();
    private final List<AgentMessage> closes = Collections.synchronizedList(new ArrayList<>());
    /** When a tunnel's first output since it was last cleared arrived ({@link System#nanoTime()}). */
    private final Map<String, Long> firstOutput = new ConcurrentHashMap<>();
    /** When the prompt ("$ ") first reached each tunnel's screen. */
    private final Map<String, Long> promptAt = new ConcurrentHashMap<>();
    private final Map<String, Long> requestedAt = new ConcurrentHashMap<>();
    private ShellSessions sessions;

    @Test
    void measure() throws Exception {
        int terminals = Integer.getInteger("bench.terminals", 20);
        int keystrokes = Integer.getInteger("bench.keystrokes", 200);
        try (TestHost host = new TestHost(Map.of("hearth.agent.images.toolbox", NodeImages.toolbox()))) {
            String id = "bench-" + host.hostId();
            var sink = new RecordingSink();
            try (ClusterReconciler agent = TestAgent.reconciler(host, sink)) {
                agent.desired(new DesiredClusters(List.of(new DesiredCluster(id, "bench",
                        new ClusterConfig(new FeatureGates(true, false), Map.of()), 1))));
                sink.await(id, ObservedPhase.READY, Duration.ofMinutes(4));
                TunnelSettings settings = new SmallRyeConfigBuilder().withMapping(TunnelSettings.class)
                        .withSources(new PropertiesConfigSource(Map.of("hearth.agent.tunnels.max-shells",
                                Integer.toString(terminals + 10), "hearth.agent.tunnels.max-per-host",
                                Integer.toString(terminals + 10)), "bench", 500))
                        .build().getConfigMapping(TunnelSettings.class);
                var starter = new ToolboxContainers(host.docker(), host.settings(), new ClusterAccess(host.docker(), host.settings()));
                sessions = new ShellSessions(new ExecContainers(host.docker(), host.settings(), starter), host.docker(), settings,
                        this::record);

                long cold = openToPrompt(id, "cold");
                List<Long> warm = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String tunnel = open(id, "warm-" + i);
                    warm.add(awaitPrompt(tunnel));
                    sessions.on(new TunnelClose(tunnel, "bench", false));
                }

                String typing = open(id, "typing");
                awaitPrompt(typing);
                List<Long> echoes = new ArrayList<>();
                for (int i = 0; i < keystrokes; i++) {
                    int before = screen(typing).length();
                    firstOutput.remove(typing);
                    long start = System.nanoTime();
                    sessions.on(new TunnelData(typing, i, "x".getBytes(StandardCharsets.UTF_8)));
                    Eventually.until("the echo", Duration.ofSeconds(10), () -> screen(typing).length() > before);
                    // The echo's arrival as record() saw it, not when the poll above noticed (Eventually polls every 20 ms).
                    echoes.add(firstOutput.get(typing) - start);
                    if (i % 50 == 49) {
                        sessions.on(new TunnelData(typing, ++i, new byte[] {21})); // Ctrl-U: clear the line
                    }
                }

                String toolbox = host.client().listContainersCmd().withLabelFilter(HearthLabels.of(id, host.hostId(), Role.TOOLBOX))
                        .exec().getFirst().getId();
                Statistics before = stats(host, toolbox);
                Runtime runtime = Runtime.getRuntime();
                System.gc();
                long heapBefore = runtime.totalMemory() - runtime.freeMemory();
                List<String> idle = new ArrayList<>();
                for (int i = 0; i < terminals; i++) {
                    String tunnel = open(id, "idle-" + i);
                    idle.add(tunnel);
                }
                for (String tunnel : idle) {
                    awaitPrompt(tunnel);
                }
                System.gc();
                long heapAfter = runtime.totalMemory() - runtime.freeMemory();
                Statistics first = stats(host, toolbox);
                long cpuStart = first.getCpuStats().getCpuUsage().getTotalUsage();
                long t0 = System.nanoTime();
                // Ten seconds of N idle terminals, for their CPU; this is the measurement window, not a wait for a condition.
                TimeUnit.SECONDS.sleep(10);
                Statistics last = stats(host, toolbox);
                double cpuMillicores = (last.getCpuStats().getCpuUsage().getTotalUsage() - cpuStart) / 1e6
                        / ((System.nanoTime() - t0) / 1e9) ;
                long memBefore = before.getMemoryStats().getUsage();
                long memAfter = last.getMemoryStats().getUsage();

                System.out.printf("TERMINAL-BENCH open->prompt cold %d ms; warm p50 %d ms p95 %d ms max %d ms (n=%d)%n",
                        cold / 1_000_000, pct(warm, 50), pct(warm, 95), pct(warm, 100), warm.size());
                System.out.printf("TERMINAL-BENCH keystroke->echo (agent + docker exec TTY) p50 %.1f ms p95 %.1f ms max %.1f ms (n=%d)%n",
                        pctMicros(echoes, 50) / 1000.0, pctMicros(echoes, 95) / 1000.0, pctMicros(echoes, 100) / 1000.0, echoes.size());
                System.out.printf("TERMINAL-BENCH %d idle terminals: toolbox memory %d MiB -> %d MiB (%.2f MiB each); toolbox CPU %.1f millicores in all"
                        + " (%.2f each); agent heap +%.2f MiB (%.3f MiB each)%n", terminals, memBefore >> 20, memAfter >> 20,
                        (memAfter - memBefore) / 1048576.0 / terminals, cpuMillicores * 1000 / 1000.0, cpuMillicores / terminals,
                        (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1048576.0 / terminals);
                for (String tunnel : idle) {
                    sessions.on(new TunnelClose(tunnel, "bench", false));
                }
                agent.desired(new DesiredClusters(List.of()));
            }
        }
    }

    private long openToPrompt(String cluster, String session) {
        String tunnel = open(cluster, session);
        long took = awaitPrompt(tunnel);
        sessions.on(new TunnelClose(tunnel, "bench", false));
        return took;
    }

    private String open(String cluster, String session) {
        String tunnel = "t-" + UUID.randomUUID();
        screens.put(tunnel, new ByteArrayOutputStream());
        requestedAt.put(tunnel, System.nanoTime());
        sessions.on(new TunnelOpen(tunnel, cluster, new TunnelTarget.Exec("toolbox", List.of("bash", "-l"), 120, 40, session, false), 0));
        return tunnel;
    }

    /** Until the prompt ("$ "); @return nanoseconds from the tunnel's request until the prompt arrived. */
    private long awaitPrompt(String tunnel) {
        Eventually.until("a prompt on " + tunnel, Duration.ofSeconds(60), () -> promptAt.containsKey(tunnel), () -> screen(tunnel));
        return promptAt.get(tunnel) - requestedAt.get(tunnel);
    }

    private void record(AgentMessage message) {
        if (message instanceof TunnelData data) {
            ByteArrayOutputStream screen = screens.get(data.tunnelId());
            if (screen != null) {
                long now = System.nanoTime();
                if (data.bytes().length > 0) {
                    firstOutput.putIfAbsent(data.tunnelId(), now);
                }
                synchronized (screen) {
                    screen.writeBytes(data.bytes());
                    if (!promptAt.containsKey(data.tunnelId()) && screen.toString(StandardCharsets.UTF_8).contains("$ ")) {
                        promptAt.put(data.tunnelId(), now);
                    }
                }
            }
            // The backend's acks, as it would send them: the bench is the consumer.
            if (data.bytes().length > 0) {
                sessions.on(new TunnelAck(data.tunnelId(), data.bytes().length));
            }
        } else if (message instanceof TunnelClose) {
            closes.add(message);
        }
    }

    private String screen(String tunnel) {
        ByteArrayOutputStream screen = screens.get(tunnel);
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private static Statistics stats(TestHost host, String container) throws Exception {
        CompletableFuture<Statistics> one = new CompletableFuture<>();
        host.client().statsCmd(container).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics statistics) {
                one.complete(statistics);
            }
        });
        return one.get(30, TimeUnit.SECONDS);
    }

    private static long pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000;
    }

    private static long pctMicros(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000;
    }
}
