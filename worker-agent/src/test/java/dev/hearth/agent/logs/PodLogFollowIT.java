package dev.hearth.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.provision.ClusterAccess;
import dev.hearth.agent.reconcile.ClusterReconciler;
import dev.hearth.agent.reconcile.RecordingSink;
import dev.hearth.agent.reconcile.TestAgent;
import dev.hearth.agent.reconcile.WasmArtifacts;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.FeatureGates;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogFollow;
import dev.hearth.protocol.LogStreamId;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent follows a pod's log on a real cluster's WASI node, as the backend asks it to: the ticker
 * module prints numbered, time-stamped lines over a few seconds, and the followers' chunks are checked
 * line by line — in order, exactly once, then the end; from a given line; ended when the pod is
 * replaced; silent after LogStop.
 */
@Timeout(600)
class PodLogFollowIT {

    private static final String IMAGE = "hearth-registry:5000/e2e-ticker:v1";
    private static final Duration WITHIN = Duration.ofMinutes(2);

    private static TestHost host;
    private static RecordingSink sink;
    private static ClusterReconciler agent;
    private static String clusterId;
    private static KubernetesClient kubernetes;
    private static PodLogFollowers followers;
    private static final ReceivedChunks received = new ReceivedChunks();
    private static final Duration RESEND_AFTER = Duration.ofSeconds(1);

    @BeforeAll
    static void clusterWithTheTickerPushed() throws Exception {
        host = new TestHost(Map.of("hearth.agent.images.wasi-node", NodeImages.wasiNode()));
        sink = new RecordingSink();
        agent = TestAgent.reconciler(host, sink);
        clusterId = "logs-" + host.hostId();
        agent.desired(new DesiredClusters(List.of(new DesiredCluster(clusterId, "logs",
                new ClusterConfig(FeatureGates.DEFAULTS, Map.of()), 1))));
        sink.await(clusterId, ObservedPhase.READY, Duration.ofMinutes(4));
        kubernetes = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(sink.credentialsOf(clusterId).orElseThrow().kubeconfig())).build();
        WasmArtifacts.pushWasmToOci(host.registryPort(), "e2e-ticker", "v1", ticker());
        ClusterAccess clusters = new ClusterAccess(host.docker(), host.settings());
        followers = new PodLogFollowers(clusters, settings(), received::add);
    }

    @AfterAll
    static void removeTheCluster() throws Exception {
        if (followers != null) {
            followers.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (agent != null) {
            agent.desired(new DesiredClusters(List.of()));
            sink.await(clusterId, ObservedPhase.DELETED, Duration.ofMinutes(1));
            agent.close();
        }
        host.close();
    }

    @Test
    void everyLineArrivesInOrderExactlyOnceThenTheEnd() throws Exception {
        Pod pod = ticker("every-line", 30, 100);
        // Asked while the pod is still Pending: the follower waits for the container to start.
        LogFollow follow = follow(pod, 0);
        followers.follow(follow);

        List<LogChunk> chunks = received.awaitEnd(follow.stream(), WITHIN);
        assertThat(lines(chunks)).extracting(PodLogFollowIT::tickNumber)
                .containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
        assertContiguousFrom(0, chunks);
        assertThat(followers.streams()).doesNotContain(follow.stream());
        printLatency(follow.stream());
    }

    @Test
    void fromSeqSkipsTheLinesTheBackendHas() throws Exception {
        Pod pod = ticker("from-seq", 10, 10);
        kubernetes.pods().resource(pod).waitUntilCondition(PodLogFollowIT::terminated, 2, TimeUnit.MINUTES);
        LogFollow follow = follow(pod, 7);
        followers.follow(follow);

        List<LogChunk> chunks = received.awaitEnd(follow.stream(), WITHIN);
        assertThat(chunks.getFirst().seq()).isEqualTo(7);
        assertThat(lines(chunks)).extracting(PodLogFollowIT::tickNumber).containsExactly(7, 8, 9);
        assertContiguousFrom(7, chunks);
    }

    @Test
    void aReadResumedFromTheLastLinesTimeThroughTheApiServerGetsTheRestExactlyOnce() throws Exception {
        // What a follower does after its log connection closed (LogPosition), against the real API server
        // and WASI node: they take sinceTime (rounded down to the second on the way) with timestamps=true.
        Pod pod = ticker("resume", 20, 30);
        kubernetes.pods().resource(pod).waitUntilCondition(PodLogFollowIT::terminated, 2, TimeUnit.MINUTES);
        var log = kubernetes.pods().inNamespace("default").withName("resume").inContainer("ticker");
        List<String> stamped = log.usingTimestamps().getLog().lines().toList();
        assertThat(stamped).hasSize(20);

        LogPosition position = new LogPosition();
        position.startRead(false);
        stamped.subList(0, 12).forEach(position::take);
        String since = position.resumeFrom().orElseThrow();
        position.startRead(true);
        List<LogPosition.Line> resumed = log.usingTimestamps().sinceTime(since).getLog().lines()
                .map(position::take).filter(java.util.Objects::nonNull).toList();

        assertThat(resumed).extracting(LogPosition.Line::seq).containsExactlyElementsOf(LongStream.range(12, 20).boxed().toList());
        assertThat(resumed).extracting(line -> tickNumber(line.text()))
                .containsExactlyElementsOf(IntStream.range(12, 20).boxed().toList());
        kubernetes.pods().resource(pod).withGracePeriod(0).delete();
    }

    @Test
    void linesAskedForAgainLongAfterTheyWereSentAreSentAgain() throws Exception {
        Pod pod = ticker("resend", 40, 100);
        LogFollow follow = follow(pod, 0);
        followers.follow(follow);
        // Not a count of lines: a follower that started late sends a backlog in its first chunk at once.
        received.awaitChunkLaterThanFirstBy(follow.stream(), RESEND_AFTER.plusMillis(200), WITHIN);

        // The backend lacks line 0 more than resend-after after it was sent: it was lost on the way.
        followers.follow(follow);

        List<LogChunk> chunks = received.awaitEnd(follow.stream(), WITHIN);
        int restart = IntStream.range(0, chunks.size()).filter(i -> chunks.get(i).seq() == 0).max().orElseThrow();
        assertThat(restart).as("line 0 sent a second time").isPositive();
        List<LogChunk> again = chunks.subList(restart, chunks.size());
        assertContiguousFrom(0, again);
        assertThat(lines(again)).extracting(PodLogFollowIT::tickNumber)
                .containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
    }

    @Test
    void aReplacedPodEndsTheOldStream() throws Exception {
        Pod first = ticker("replaced", 600, 100);
        LogFollow follow = follow(first, 0);
        followers.follow(follow);
        received.awaitLines(follow.stream(), 3, WITHIN);

        kubernetes.pods().resource(first).withGracePeriod(0).delete();
        kubernetes.pods().resource(first).waitUntilCondition(p -> p == null, 1, TimeUnit.MINUTES);
        Pod second = ticker("replaced", 600, 100);
        assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());

        List<LogChunk> chunks = received.awaitEnd(follow.stream(), WITHIN);
        assertContiguousFrom(0, chunks);
        assertThat(lines(chunks)).extracting(PodLogFollowIT::tickNumber)
                .as("the old pod's lines only, from its first").startsWith(0, 1, 2).isSorted();

        // Asked again for the old uid while the new pod runs under the name: ends at once, without a line.
        LogFollow stale = follow(first, 0);
        received.forget(stale.stream());
        followers.follow(stale);
        assertThat(received.awaitEnd(stale.stream(), WITHIN)).singleElement()
                .satisfies(chunk -> assertThat(chunk.lines()).isEmpty());
        kubernetes.pods().resource(second).withGracePeriod(0).delete();
    }

    @Test
    void logStopStopsTheStreamWithoutAnEnd() throws Exception {
        Pod pod = ticker("stopped", 600, 100);
        LogFollow follow = follow(pod, 0);
        followers.follow(follow);
        received.awaitLines(follow.stream(), 3, WITHIN);

        followers.stop(follow.stream());
        assertThat(followers.streams()).doesNotContain(follow.stream());
        int linesAtStop = lines(received.of(follow.stream())).size();
        // The ticker prints ten lines a second: a follower left running would have sent some by now.
        received.awaitQuiet(follow.stream(), Duration.ofSeconds(2));
        List<LogChunk> after = received.of(follow.stream());
        assertThat(lines(after)).as("lines after LogStop").hasSizeLessThanOrEqualTo(linesAtStop);
        assertThat(after).noneMatch(LogChunk::end);
        kubernetes.pods().resource(pod).withGracePeriod(0).delete();
    }

    private static Pod ticker(String name, int count, int intervalMillis) {
        return kubernetes.resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("ticker").withImage(IMAGE)
                        .withArgs(Integer.toString(count), Integer.toString(intervalMillis)).endContainer()
                    .addToNodeSelector("kubernetes.io/arch", "wasm32-wasi")
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withValue("wasm32-wasi").withEffect("NoExecute").endToleration()
                .endSpec()
                .build()).create();
    }

    private static LogFollow follow(Pod pod, long fromSeq) {
        String uid = pod.getMetadata().getUid();
        return new LogFollow(new LogStreamId.Pod(clusterId, uid, "ticker"), "default", pod.getMetadata().getName(), fromSeq);
    }

    private static boolean terminated(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && !pod.getStatus().getContainerStatuses().isEmpty()
                && pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated() != null;
    }

    private static List<String> lines(List<LogChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.lines().stream()).toList();
    }

    private static int tickNumber(String line) {
        assertThat(line).matches("tick \\d+ \\d+");
        return Integer.parseInt(line.split(" ")[1]);
    }

    private static void assertContiguousFrom(long first, List<LogChunk> chunks) {
        long next = first;
        for (LogChunk chunk : chunks) {
            assertThat(chunk.seq()).as("chunk after line %d", next).isEqualTo(next);
            next = chunk.nextSeq();
        }
        assertThat(chunks.getLast().end()).as("the last chunk ends the stream").isTrue();
        assertThat(chunks.stream().filter(LogChunk::end)).as("one end").hasSize(1);
    }

    /** Module → agent: each line's own time against the moment its chunk left the follower. */
    private static void printLatency(LogStreamId stream) {
        List<Long> millis = received.latencies(stream).stream().sorted().toList();
        System.out.printf("ticker line -> LogChunk handed to the channel, %d lines: p50 %d ms, p95 %d ms, max %d ms%n",
                millis.size(), millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
                millis.getLast());
    }

    private static byte[] ticker() throws Exception {
        Path wasm = WasmArtifacts.repositoryRoot().resolve("system-tests/src/test/wasm");
        Process build = new ProcessBuilder(wasm.resolve("build.sh").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("build.sh finished").isTrue();
        assertThat(build.exitValue()).as("build.sh exit status").isZero();
        return Files.readAllBytes(wasm.resolve("ticker.wasm"));
    }

    private static LogFollowSettings settings() {
        return new SmallRyeConfigBuilder().withMapping(LogFollowSettings.class)
                .withSources(new PropertiesConfigSource(Map.of("hearth.agent.logs.exit-grace", "2s",
                        "hearth.agent.logs.resend-after", RESEND_AFTER.toSeconds() + "s"), "test", 500))
                .build().getConfigMapping(LogFollowSettings.class);
    }
}
