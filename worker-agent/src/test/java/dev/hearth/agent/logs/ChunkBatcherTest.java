package dev.hearth.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogStreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkBatcherTest {

    private static final Duration LINGER = Duration.ofMillis(20);

    private final List<LogChunk> sent = new ArrayList<>();
    private final ManualTimer timer = new ManualTimer();
    private long now = 1_000_000_000L;

    private ChunkBatcher batcher(long firstSeq) {
        return new ChunkBatcher(LogStreamId.parse("pod/c/u/app"), firstSeq, 200, LINGER, timer, () -> now, sent::add);
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aLineAfterAQuietSpellLeavesAtOnce() {
        ChunkBatcher batcher = batcher(0);
        batcher.add("first");
        now += LINGER.toNanos();
        batcher.add("second, a linger later");

        assertThat(sent).containsExactly(new LogChunk("pod/c/u/app", 0, List.of("first")),
                new LogChunk("pod/c/u/app", 1, List.of("second, a linger later")));
        assertThat(timer.tasks).isEmpty();
    }

    @Test
    void aBurstGoesInChunksOfAtMost200AndTheRestWithinTheLinger() {
        ChunkBatcher batcher = batcher(0);
        IntStream.range(0, 450).forEach(n -> batcher.add("line " + n));

        assertThat(sent).extracting(chunk -> chunk.lines().size()).containsExactly(1, 200, 200);
        assertThat(timer.delays).as("the rest waits no longer than the linger").isNotEmpty().allSatisfy(delay -> assertThat(delay).isLessThanOrEqualTo(LINGER.toNanos()));
        timer.runScheduled();

        assertThat(sent).extracting(chunk -> chunk.lines().size()).containsExactly(1, 200, 200, 49);
        assertThat(sent).allSatisfy(chunk -> assertThat(chunk.end()).isFalse());
        assertThat(sent.stream().flatMap(chunk -> chunk.lines().stream()))
                .containsExactlyElementsOf(IntStream.range(0, 450).mapToObj(n -> "line " + n).toList());
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).seq()).as("chunk %d starts where %d ended", i, i - 1).isEqualTo(sent.get(i - 1).nextSeq());
        }
    }

    @Test
    void linesInsideTheLingerWaitOnlyForWhatIsLeftOfIt() {
        ChunkBatcher batcher = batcher(0);
        batcher.add("goes at once");
        now += Duration.ofMillis(15).toNanos();
        batcher.add("waits 5 ms");
        batcher.add("joins it");

        assertThat(timer.delays).containsExactly(Duration.ofMillis(5).toNanos());
        timer.runScheduled();
        assertThat(sent.getLast()).isEqualTo(new LogChunk("pod/c/u/app", 1, List.of("waits 5 ms", "joins it")));
    }

    @Test
    void numberingStartsAtTheRequestedLine() {
        ChunkBatcher batcher = batcher(37);
        assertThat(batcher.nextSeq()).isEqualTo(37);
        batcher.add("line 37");
        assertThat(sent.getFirst().seq()).isEqualTo(37);
        assertThat(batcher.nextSeq()).isEqualTo(38);
    }

    @Test
    void theEndCarriesWhatWaitedAndTakesNothingAfter() {
        ChunkBatcher batcher = batcher(0);
        batcher.add("a");
        batcher.add("b");
        batcher.end();
        batcher.add("too late");
        batcher.end();
        timer.runScheduled();

        assertThat(sent).containsExactly(new LogChunk("pod/c/u/app", 0, List.of("a")),
                new LogChunk("pod/c/u/app", 1, List.of("b"), true));
    }

    @Test
    void anEmptyEndIsStillSent() {
        ChunkBatcher batcher = batcher(5);
        batcher.end();
        assertThat(sent).containsExactly(new LogChunk("pod/c/u/app", 5, List.of(), true));
    }

    @Test
    void closingDropsWhatWaitsAndSendsNoEnd() {
        ChunkBatcher batcher = batcher(0);
        batcher.add("a");
        batcher.add("b");
        batcher.close();
        timer.runScheduled();
        batcher.end();

        assertThat(sent).containsExactly(new LogChunk("pod/c/u/app", 0, List.of("a")));
    }

    @Test
    void itKnowsHowLongAgoALineWasSent() {
        ChunkBatcher batcher = batcher(10);
        batcher.add("line 10");
        now += Duration.ofSeconds(3).toNanos();
        batcher.add("line 11");
        batcher.add("line 12 waits for the linger");
        now += Duration.ofSeconds(1).toNanos();

        assertThat(batcher.sentAgoNanos(10)).isEqualTo(Duration.ofSeconds(4).toNanos());
        assertThat(batcher.sentAgoNanos(11)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(batcher.sentAgoNanos(12)).as("not sent yet").isEqualTo(-1);
        assertThat(batcher.sentAgoNanos(9)).as("before the first chunk remembered").isEqualTo(Long.MAX_VALUE);
    }

    /** A scheduler whose delayed tasks run only when the test says so. */
    private static final class ManualTimer extends ScheduledThreadPoolExecutor {

        final List<Runnable> tasks = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();

        ManualTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            tasks.add(task);
            delays.add(unit.toNanos(delay));
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }

        void runScheduled() {
            List<Runnable> due = List.copyOf(tasks);
            tasks.clear();
            due.forEach(Runnable::run);
        }
    }
}
