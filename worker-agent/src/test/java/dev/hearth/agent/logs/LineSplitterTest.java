package dev.hearth.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(lines::add);

    @Test
    void linesCutAcrossWritesComeOutWhole() {
        write("tick 0\ntick");
        assertThat(lines).containsExactly("tick 0");
        write(" 1\r\nticé 2\n\n");
        assertThat(lines).containsExactly("tick 0", "tick 1", "ticé 2", "");
    }

    @Test
    void aLastLineWithoutNewlineCountsOnlyWhenTheLogEnds() {
        write("done\npartial");
        assertThat(lines).containsExactly("done");
        splitter.finish();
        assertThat(lines).containsExactly("done", "partial");
    }

    @Test
    void anEndlessLineGoesOnInPieces() {
        write("x".repeat(LineSplitter.MAX_LINE_BYTES * 2 + 10) + "\n");
        assertThat(lines).extracting(String::length).containsExactly(LineSplitter.MAX_LINE_BYTES, LineSplitter.MAX_LINE_BYTES, 10);
    }

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.write(bytes, 0, bytes.length);
    }
}
