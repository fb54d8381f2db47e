package dev.hearth.wasmnode.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.wasmnode.wasi.ConsoleLine;
import dev.hearth.wasmnode.wasi.StdStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Container logs on disk: bounded by rotation, the previous run kept, read back as kubectl asks. */
@Timeout(30)
class ContainerLogStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path root;
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void rotationKeepsARunsLogWithinItsLimitAndTheNewestLinesReadable() throws Exception {
        var limits = new LogLimits(4096, 2);
        var store = new ContainerLogStore(root, limits, clock);
        try (ContainerLog log = store.open("ns", "pod", "uid", "main", 0)) {
            for (int i = 0; i < 2000; i++) {
                log.accept(new ConsoleLine(StdStream.STDOUT, "line " + i));
            }
        }

        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(2).allSatisfy(file -> assertThat(Files.size(file)).isLessThanOrEqualTo(4096));
        assertThat(read(store, query(Map.of("tailLines", "2")), false)).isEqualTo("line 1998\nline 1999\n");
    }

    @Test
    void bothStreamsAreKeptInOrderWithTheirTimes() throws Exception {
        var store = new ContainerLogStore(root, LogLimits.DEFAULT, clock);
        try (ContainerLog log = store.open("ns", "pod", "uid", "main", 0)) {
            log.accept(new ConsoleLine(StdStream.STDOUT, "out"));
            clock.now = NOW.plusSeconds(60);
            log.accept(new ConsoleLine(StdStream.STDERR, "err"));
        }

        assertThat(read(store, query(Map.of()), false)).isEqualTo("out\nerr\n");
        assertThat(read(store, query(Map.of("timestamps", "true")), false))
                .isEqualTo("2026-11-21T12:00:00Z out\n2026-11-21T12:01:00Z err\n");
        assertThat(read(store, LogQuery.parse(Map.of("sinceSeconds", List.of("30")), NOW.plusSeconds(60)), false))
                .isEqualTo("err\n");
        assertThat(Files.readString(root.resolve("ns_pod_uid/main/0.log")))
                .isEqualTo("2026-11-21T12:00:00Z stdout F out\n2026-11-21T12:01:00Z stderr F err\n");
    }

    @Test
    void aCarriageReturnInsideALineIsItsTextNotANewLine() throws Exception {
        var store = new ContainerLogStore(root, LogLimits.DEFAULT, clock);
        try (ContainerLog log = store.open("ns", "pod", "uid", "main", 0)) {
            log.accept(new ConsoleLine(StdStream.STDOUT, "progress 10%\rprogress 100%"));
            log.accept(new ConsoleLine(StdStream.STDOUT, "done"));
        }

        assertThat(read(store, query(Map.of()), false)).isEqualTo("progress 10%\rprogress 100%\ndone\n");
    }

    @Test
    void sinceTimeWithTimestampsResumesAtTheLastLineReadAsTheAgentAsks() throws Exception {
        var store = new ContainerLogStore(root, LogLimits.DEFAULT, clock);
        try (ContainerLog log = store.open("ns", "pod", "uid", "main", 0)) {
            log.accept(new ConsoleLine(StdStream.STDOUT, "one"));
            clock.now = NOW.plusMillis(1500);
            log.accept(new ConsoleLine(StdStream.STDOUT, "two"));
            clock.now = NOW.plusSeconds(3);
            log.accept(new ConsoleLine(StdStream.STDOUT, "three"));
        }

        // The agent asks from its last line's time; the line itself comes again and is dropped there.
        assertThat(read(store, query(Map.of("timestamps", "true", "sinceTime", "2026-11-21T12:00:01.500Z")), false))
                .isEqualTo("2026-11-21T12:00:01.500Z two\n2026-11-21T12:00:03Z three\n");
    }

    @Test
    void previousIsTheRunBeforeTheLatestAndOlderRunsAreRemoved() throws Exception {
        var store = new ContainerLogStore(root, LogLimits.DEFAULT, clock);
        for (int run = 0; run < 3; run++) {
            try (ContainerLog log = store.open("ns", "pod", "uid", "main", run)) {
                log.accept(new ConsoleLine(StdStream.STDOUT, "run " + run));
            }
        }

        assertThat(read(store, query(Map.of()), false)).isEqualTo("run 2\n");
        assertThat(read(store, query(Map.of()), true)).isEqualTo("run 1\n");
        assertThat(root.resolve("ns_pod_uid/main/0.log")).doesNotExist();
        assertThat(store.find("ns", "pod", "other", false)).isEmpty();

        store.removePod("ns", "pod", "uid");
        assertThat(store.find("ns", "pod", "main", false)).isEmpty();
        assertThat(root.resolve("ns_pod_uid")).doesNotExist();
    }

    @Test
    void aFollowerGetsEachNewLineUntilTheRunEnds() throws Exception {
        var store = new ContainerLogStore(root, new LogLimits(1024, 2), clock);
        ContainerLog log = store.open("ns", "pod", "uid", "main", 0);
        log.accept(new ConsoleLine(StdStream.STDOUT, "before"));
        var out = new LineCollector();
        LogSource source = store.find("ns", "pod", "main", false).orElseThrow();
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try {
                LogStreamer.stream(source, query(Map.of("follow", "true")), out);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        out.awaitText("before\n");

        // Enough to rotate the small log a few times while the follower reads.
        for (int i = 0; i < 40; i++) {
            log.accept(new ConsoleLine(StdStream.STDOUT, "after " + i));
            if (i % 10 == 0) {
                out.awaitText("after " + i + "\n");
            }
        }
        log.close();
        following.get();

        assertThat(out.text()).startsWith("before\nafter 0\n").endsWith("after 39\n");
        assertThat(out.text().lines().filter(line -> line.startsWith("after"))
                .map(line -> Integer.parseInt(line.substring("after ".length()))).toList())
                .as("every line arrives once, in order, across rotations")
                .isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
    }

    private static String read(ContainerLogStore store, LogQuery query, boolean previous) throws Exception {
        var out = new ByteArrayOutputStream();
        LogStreamer.stream(store.find("ns", "pod", "main", previous).orElseThrow(), query, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static LogQuery query(Map<String, String> parameters) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        parameters.forEach((name, value) -> multi.put(name, List.of(value)));
        return LogQuery.parse(multi, NOW);
    }

    private static final class MutableClock extends Clock {

        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** What a follower was sent so far; lets the test wait for a line instead of sleeping. */
    private static final class LineCollector extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void awaitText(String suffix) throws InterruptedException {
            long end = System.currentTimeMillis() + 10_000;
            while (!text().contains(suffix)) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("the follower never got '" + suffix.strip() + "'; it has: " + text());
                }
                wait(left);
            }
        }
    }
}
