package dev.hearth.backend.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.LogChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SerialQueueTest {

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Long> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void handlesChunksInTheOrderTheyCame() {
        SerialQueue queue = new SerialQueue(1000, workers, chunk -> handled.add(chunk.seq()));
        for (long seq = 0; seq < 500; seq++) {
            assertThat(queue.offer(chunk(seq))).isTrue();
        }
        queue.drainHere();

        assertThat(handled).hasSize(500).isSorted();
    }

    @Test
    void aFullQueueRefusesUntilItsCallerDrainsIt() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SerialQueue queue = new SerialQueue(2, workers, chunk -> {
            taken.countDown();
            await(release);
            handled.add(chunk.seq());
        });
        assertThat(queue.offer(chunk(0))).isTrue();
        // The handler runs once the worker has taken 0 off the queue; it then waits for the release.
        assertThat(taken.await(5, TimeUnit.SECONDS)).as("the worker took chunk 0").isTrue();
        assertThat(queue.size()).isZero();
        assertThat(queue.offer(chunk(1))).isTrue();
        assertThat(queue.offer(chunk(2))).isTrue();

        assertThat(queue.offer(chunk(3))).as("two wait already").isFalse();

        release.countDown();
        queue.drainHere();
        assertThat(handled).containsExactly(0L, 1L, 2L);
    }

    private static LogChunk chunk(long seq) {
        return new LogChunk("build/b-1", seq, List.of("line " + seq));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
