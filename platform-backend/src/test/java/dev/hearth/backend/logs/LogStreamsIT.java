package dev.hearth.backend.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.notify.PgListener;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.Hello;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.net.URI;
import dev.hearth.protocol.LogChunk;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Log streams against the real PostgreSQL: lines stored idempotently, the end recorded, and live
 * fan-out through NOTIFY to a second "replica" (its own LogStreams and listening connection), with a
 * slow follower that neither delays a fast one nor loses a line.
 */
@QuarkusTest
class LogStreamsIT {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    LogStreams logs;

    @Inject
    LogRetention retention;

    @Inject
    LogSettings settings;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private final List<PgListener> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(PgListener::stop);
    }

    @Test
    void linesAreStoredOncePerSeqInOrderAndTheEndIsRecorded() {
        String stream = "build/" + UUID.randomUUID();
        logs.append(new LogChunk(stream, 0, List.of("a", "b", "c")));
        logs.append(new LogChunk(stream, 0, List.of("a", "b", "c")));
        logs.append(new LogChunk(stream, 2, List.of("c", "d")));

        assertThat(logs.read(stream, -1, 100)).containsExactly(
                new LogLine(0, "a"), new LogLine(1, "b"), new LogLine(2, "c"), new LogLine(3, "d"));
        assertThat(logs.read(stream, 1, 1)).containsExactly(new LogLine(2, "c"));
        assertThat(logs.ended(stream)).isFalse();
        assertThat(logs.nextSeq(stream)).isEqualTo(4);

        logs.append(new LogChunk(stream, 4, List.of(), true));
        assertThat(logs.ended(stream)).isTrue();
        assertThat(logs.read(stream, 3, 100)).isEmpty();
        assertThat(logs.ended("build/" + UUID.randomUUID())).isFalse();
    }

    @Test
    void aLineAppendedThroughOneReplicaReachesAFollowerOfAnother() {
        LogStreams other = replica();
        String stream = "pod/c-x/" + UUID.randomUUID() + "/main";
        AssertSubscriber<LogLine> follower = other.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        Eventually.until("the other replica's follower has read the (empty) table", WAIT, () -> other.followerCount() == 1);

        logs.append(new LogChunk(stream, 0, List.of("hello from the pod")));
        follower.awaitItems(1, WAIT);
        logs.append(new LogChunk(stream, 1, List.of("second", "third"), true));

        follower.awaitCompletion(WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactly("hello from the pod", "second", "third");
        assertThat(other.followerCount()).isZero();
    }

    @Test
    void aSlowFollowerDelaysNoOtherAndGetsEveryLineOnceItReads() {
        LogStreams other = replica();
        String stream = "build/" + UUID.randomUUID();
        AssertSubscriber<LogLine> fast = other.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<LogLine> slow = other.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(0));
        Eventually.until("both followers are registered", WAIT, () -> other.followerCount() == 2);

        int total = (settings.subscriberBuffer() * 4 / 100 + 1) * 100; // whole chunks of 100, 4+ buffers
        for (int from = 0; from < total; from += 100) {
            int start = from;
            logs.append(new LogChunk(stream, from, IntStream.range(start, start + 100).mapToObj(i -> "line " + i).toList(),
                    start + 100 >= total));
        }

        fast.awaitCompletion(WAIT);
        assertThat(fast.getItems()).extracting(LogLine::seq).containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
        assertThat(slow.getItems()).isEmpty();

        slow.request(Long.MAX_VALUE);
        slow.awaitCompletion(WAIT);
        assertThat(slow.getItems()).extracting(LogLine::seq).containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
        assertThat(slow.getItems().get(total - 1).text()).isEqualTo("line " + (total - 1));
    }

    @Test
    void threeHundredFollowersOnAnotherReplicaEachGetTheirLinePromptly() throws Exception {
        LogStreams other = replica();
        int streams = 300;
        List<String> names = IntStream.range(0, streams).mapToObj(i -> "pod/c-load/" + UUID.randomUUID() + "/main").toList();
        java.util.Map<String, Long> appendedAt = new java.util.concurrent.ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> appendTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(streams);
        for (String name : names) {
            other.follow(name, -1).subscribe().with(line -> {
                latencies.add(System.nanoTime() - appendedAt.get(name));
                arrived.countDown();
            });
        }
        Eventually.until("all followers are registered", WAIT, () -> other.followerCount() == streams);

        try (var appenders = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (String name : names) {
                appenders.submit(() -> {
                    long t0 = System.nanoTime();
                    appendedAt.put(name, t0);
                    logs.append(new LogChunk(name, 0, List.of("tick")));
                    appendTimes.add(System.nanoTime() - t0);
                });
            }
        }

        assertThat(arrived.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).as("every follower got its line").isTrue();
        List<Long> sorted = latencies.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2) / 1_000_000;
        long p95 = sorted.get(sorted.size() * 95 / 100) / 1_000_000;
        List<Long> at = appendTimes.stream().sorted().toList();
        System.out.printf("append alone: p50 %d ms, p95 %d ms%n", at.get(at.size() / 2) / 1_000_000, at.get(at.size() * 95 / 100) / 1_000_000);
        System.out.printf("log fan-out, %d streams on another replica: append -> follower p50 %d ms, p95 %d ms%n", streams, p50, p95);
        // Only a catastrophe fails here: the machine is shared (load 10+ seen), so timing is bench/'s job;
        // what this test pins is that 300 followers on another replica each get their line.
        assertThat(p95).as("p95 append -> follower (ms)").isLessThan(5000);
    }

    @Test
    void linesStoredAfterTheEndStillReachTheFollowerBeforeItCompletes() {
        LogStreams other = replica();
        String stream = "pod/c-late/" + UUID.randomUUID() + "/main";
        String marker = "build/" + UUID.randomUUID();
        AssertSubscriber<LogLine> follower = other.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<LogLine> markerFollower = other.follow(marker, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        Eventually.until("both followers are registered", WAIT, () -> other.followerCount() == 2);

        // As when an agent's old connection's backlog is stored after its new connection's end.
        logs.append(new LogChunk(stream, 0, List.of("first")));
        logs.append(new LogChunk(stream, 3, List.of(), true));
        logs.append(new LogChunk(marker, 0, List.of("after the end"))); // notifications arrive in commit order
        markerFollower.awaitItems(1, WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactly("first");
        follower.assertNotTerminated();

        logs.append(new LogChunk(stream, 1, List.of("second", "third")));

        follower.awaitCompletion(WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactly("first", "second", "third");
    }

    @Test
    void aLineMissingBeforeStoredOnesIsWaitedForSoNoReaderSkipsIt() {
        String stream = "pod/c-gap/" + UUID.randomUUID() + "/main";
        // Line 1 was in flight to a backend that was killed; the agent went on with line 2 on its new
        // connection and re-sends line 1 once it notices (CrashDrillSystemIT found a reader skip it).
        logs.append(new LogChunk(stream, 0, List.of("line 0")));
        logs.append(new LogChunk(stream, 2, List.of("line 2")));
        AssertSubscriber<LogLine> follower = logs.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        follower.awaitItems(1, WAIT);

        logs.append(new LogChunk(stream, 1, List.of("line 1")));
        logs.append(new LogChunk(stream, 3, List.of("line 3"), true));
        follower.awaitCompletion(WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactly("line 0", "line 1", "line 2", "line 3");
    }

    @Test
    void aFollowerOfAnEndedStreamWithLinesThatNeverCameCompletesAfterTheGrace() {
        LogStreams shortGrace = new LogStreams(dataSource, new Limits(100_000, 4096, Duration.ofMillis(500)), json);
        String stream = "pod/c-lost/" + UUID.randomUUID() + "/main";
        logs.append(new LogChunk(stream, 0, List.of("only this one arrived")));
        logs.append(new LogChunk(stream, 5, List.of(), true));

        AssertSubscriber<LogLine> follower = shortGrace.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        follower.awaitCompletion(WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactly("only this one arrived");
    }

    @Test
    void linesTooLargeForANotificationAreReadFromTheTable() {
        LogStreams other = replica();
        String stream = "build/" + UUID.randomUUID();
        AssertSubscriber<LogLine> follower = other.follow(stream, -1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        Eventually.until("the follower is registered", WAIT, () -> other.followerCount() == 1);

        List<String> big = IntStream.range(0, 10).mapToObj(i -> i + "x".repeat(2000)).toList();
        logs.append(new LogChunk(stream, 0, big, true));

        follower.awaitCompletion(WAIT);
        assertThat(follower.getItems()).extracting(LogLine::text).containsExactlyElementsOf(big);
    }

    @Test
    void aFollowerResumesAfterItsCursorAndAnEndedStreamCompletes() {
        String stream = "build/" + UUID.randomUUID();
        logs.append(new LogChunk(stream, 0, List.of("zero", "one", "two", "three"), true));

        AssertSubscriber<LogLine> late = logs.follow(stream, 1).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        late.awaitCompletion(WAIT);
        assertThat(late.getItems()).extracting(LogLine::text).containsExactly("two", "three");
    }

    @Test
    void aStreamKeepsAtMostItsLineCapAndCutsLongLines() {
        LogStreams capped = new LogStreams(dataSource, new Limits(5, 20, Duration.ofSeconds(15)), json);
        String stream = "build/" + UUID.randomUUID();
        String other = "build/" + UUID.randomUUID();

        capped.append(new LogChunk(stream, 0, IntStream.range(0, 10).mapToObj(i -> "line " + i).toList()));
        capped.append(new LogChunk(stream, 10, List.of("more")));
        capped.append(new LogChunk(other, 0, List.of("y".repeat(50) + "\0")));

        List<LogLine> lines = capped.read(stream, -1, 100);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(4).text()).isEqualTo("line 4");
        assertThat(lines.get(5).text()).contains("at most 5 lines");
        assertThat(capped.read(other, -1, 1).getFirst().text()).isEqualTo("y".repeat(20) + " [hearth: line cut at 20 characters]");
    }

    @Test
    void onePersonsStreamsTogetherHoldAtMostTheirBytesWhileOthersKeepLogging() {
        LogStreams capped = new LogStreams(dataSource,
                new Limits(100_000, 4096, Duration.ofSeconds(15), new MemorySize(BigInteger.valueOf(10_000))), json);
        String alices = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        String bobs = Api.as("bob").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        // Streams other tests left them count against them too (they outlive clusters until retention): start empty.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "DELETE FROM log_stream WHERE owner_id IN (SELECT owner_id FROM cluster WHERE id IN (:a, :b))")
                .setParameter("a", alices).setParameter("b", bobs).executeUpdate());
        try {
            String first = "pod/" + alices + "/" + UUID.randomUUID() + "/app";
            String second = "pod/" + alices + "/" + UUID.randomUUID() + "/app";
            String bobsStream = "pod/" + bobs + "/" + UUID.randomUUID() + "/app";
            String kilobyte = "x".repeat(1000);

            capped.append(new LogChunk(first, 0, List.of(kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte)));
            capped.append(new LogChunk(second, 0, List.of(kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte)));
            assertThat(capped.read(second, -1, 100)).extracting(LogLine::text)
                    .as("the second pod's log: four lines fit beside the first pod's six, then the notice")
                    .containsExactly(kilobyte, kilobyte, kilobyte, kilobyte,
                            "[hearth] log cut: your logs hold at most 9 KiB across all your clusters and builds;"
                                    + " a log is deleted 24 h after it ends");

            capped.append(new LogChunk(second, 6, List.of("more")));
            capped.append(new LogChunk(first, 6, List.of("more")));
            capped.append(new LogChunk(first, 0, List.of(kilobyte, kilobyte)));
            assertThat(capped.read(second, 4, 100)).as("nothing after the notice").isEmpty();
            assertThat(capped.read(first, -1, 100)).extracting(LogLine::text).as("the first pod's log, full too")
                    .hasSize(7).endsWith("[hearth] log cut: your logs hold at most 9 KiB across all your clusters and builds;"
                            + " a log is deleted 24 h after it ends");

            capped.append(new LogChunk(bobsStream, 0, List.of(kilobyte, kilobyte, "bob's third line")));
            assertThat(capped.read(bobsStream, -1, 100)).extracting(LogLine::text).as("another person's log")
                    .containsExactly(kilobyte, kilobyte, "bob's third line");
        } finally {
            hosts.removeAllClusters();
        }
    }

    @Test
    void endedStreamsAreDeletedAfterTheirRetention() {
        String old = "build/" + UUID.randomUUID();
        String recent = "build/" + UUID.randomUUID();
        String open = "build/" + UUID.randomUUID();
        logs.append(new LogChunk(old, 0, List.of("old"), true));
        logs.append(new LogChunk(recent, 0, List.of("recent"), true));
        logs.append(new LogChunk(open, 0, List.of("still going")));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE log_stream SET ended_at = now() - interval '25 hours', updated_at = now() - interval '25 hours' WHERE stream IN (:a, :b)")
                .setParameter("a", old).setParameter("b", open).executeUpdate());

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(logs.read(old, -1, 10)).isEmpty();
        assertThat(logs.read(recent, -1, 10)).extracting(LogLine::text).containsExactly("recent");
        assertThat(logs.read(open, -1, 10)).isEmpty(); // ended_at was set for it too above, so it counts as ended
    }

    @Test
    void chunksAnAgentSendsOverTheChannelAreStored() {
        hosts.removeAllClusters();
        EnrolledHost host = hosts.enrol("log-chunks");
        try (ProtocolPeer agent = ProtocolPeer.connect(base, host.bearer())) {
            agent.send(new Hello(host.name(), "test", new Capacity(2, 4096L * 1024 * 1024, 10)));
            // Only a stream of a cluster placed on this host is the agent's to write (StreamOwners).
            String clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
            agent.desiredWith(clusterId, true, WAIT);
            String stream = "pod/" + clusterId + "/" + UUID.randomUUID() + "/app";
            agent.send(new LogChunk(stream, 0, List.of("Compiling hello v0.1.0")));
            agent.send(new LogChunk(stream, 1, List.of("Finished"), true));

            Eventually.until("the agent's stream is stored to its end", WAIT, () -> logs.ended(stream));
            assertThat(logs.read(stream, -1, 10)).extracting(LogLine::text).containsExactly("Compiling hello v0.1.0", "Finished");
        } finally {
            hosts.removeAllClusters();
            hosts.removeTestHosts();
        }
    }

    @Inject
    HostFixtures hosts;

    @TestHTTPResource("/")
    URI base;

    /** Another backend replica's log fan-out: its own LogStreams and its own listening connection. */
    private LogStreams replica() {
        LogStreams other = new LogStreams(dataSource, settings, json);
        PgListener listener = new PgListener(url, user, password, "test-replica", List.of(other));
        replicas.add(listener);
        listener.start();
        Eventually.until("the second replica listens", WAIT, listener::listening);
        return other;
    }

    private record Limits(int maxLinesPerStream, int maxLineLength, Duration endGrace, MemorySize maxBytesPerPerson) implements LogSettings {

        Limits(int maxLinesPerStream, int maxLineLength, Duration endGrace) {
            this(maxLinesPerStream, maxLineLength, endGrace, new MemorySize(BigInteger.valueOf(256L << 20)));
        }

        @Override
        public int intakeQueue() {
            return 2000;
        }

        @Override
        public int subscriberBuffer() {
            return 512;
        }

        @Override
        public Duration retention() {
            return Duration.ofHours(24);
        }

        @Override
        public Duration idleRetention() {
            return Duration.ofDays(7);
        }

        @Override
        public String purgeEvery() {
            return "off";
        }

        @Override
        public Duration intakeRetryFor() {
            return Duration.ofSeconds(60);
        }
    }
}
