package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Eventually;
import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogStreamId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Output bytes become numbered lines, sent in batches, ending with end=true and nothing after. */
class BuildLogTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<LogChunk> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void linesSplitAcrossFramesAreJoinedAndNumberedFromZero() {
        // A long interval: only end() sends, so the test sees exactly one batch.
        BuildLog log = new BuildLog(new LogStreamId.Build("b"), sent::add, Duration.ofHours(1), timer);
        log.line("Compiling main.rs");
        log.output("error: one\n --> /src/ma".getBytes(StandardCharsets.UTF_8));
        log.output("in.rs:2:5\r\nno newline at the end".getBytes(StandardCharsets.UTF_8));
        log.end();
        log.line("after the end");

        assertThat(sent).containsExactly(new LogChunk("build/b", 0,
                List.of("Compiling main.rs", "error: one", " --> /src/main.rs:2:5", "no newline at the end"), true));
        assertThat(log.lines()).hasSize(4);
    }

    @Test
    void batchesGoOutWhileTheBuildRunsWithConsecutiveSeqs() throws Exception {
        BuildLog log = new BuildLog(new LogStreamId.Build("b"), sent::add, Duration.ofMillis(20), timer);
        log.line("one");
        log.line("two");
        Eventually.until("the first batch, sent by the timer", Duration.ofSeconds(5), () -> !sent.isEmpty());
        log.line("three");
        log.end();

        assertThat(sent.get(0)).isEqualTo(new LogChunk("build/b", 0, List.of("one", "two"), false));
        LogChunk last = sent.get(sent.size() - 1);
        assertThat(last.end()).isTrue();
        assertThat(last.nextSeq()).isEqualTo(3);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).seq()).isEqualTo(sent.get(i - 1).nextSeq());
        }
    }

    @Test
    void anOverlongLineIsCutAndAnEmptyEndIsStillSent() {
        BuildLog log = new BuildLog(new LogStreamId.Build("b"), sent::add, Duration.ofHours(1), timer);
        log.output(("x".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
        log.end();

        assertThat(sent.get(0).lines().get(0)).hasSize(BuildLog.MAX_LINE);
        assertThat(sent.get(1)).isEqualTo(new LogChunk("build/b", 1, List.of(), true));
    }
}
