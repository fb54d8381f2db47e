package dev.hearth.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.LogChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnsentMessagesTest {

    @Test
    void drainsInOrderAndEmpties() {
        UnsentMessages unsent = new UnsentMessages(10);
        unsent.add(new LogChunk("build/b-1", 0, List.of("a")));
        unsent.add(new LogChunk("build/b-1", 1, List.of("b")));

        assertThat(unsent.drain()).extracting(m -> ((LogChunk) m).seq()).containsExactly(0L, 1L);
        assertThat(unsent.drain()).isEmpty();
    }

    @Test
    void dropsTheOldestWhenFull() {
        UnsentMessages unsent = new UnsentMessages(2);
        for (int i = 0; i < 5; i++) {
            unsent.add(new LogChunk("build/b-1", i, List.of("line " + i)));
        }

        assertThat(unsent.drain()).extracting(m -> ((LogChunk) m).seq()).containsExactly(3L, 4L);
        assertThat(unsent.dropped()).isEqualTo(3);
    }
}
