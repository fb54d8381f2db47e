package dev.hearth.kit.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static final int MAX = 16;
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(MAX, lines::add);

    @Test
    void cutsAtNewlinesAcrossWritesKeepingEmptyLines() {
        write("one\ntw");
        assertThat(lines).containsExactly("one");
        write("o\n\nthre");
        splitter.write('e');
        splitter.write('\n');

        assertThat(lines).containsExactly("one", "two", "", "three");
    }

    @Test
    void passesOnAnUnterminatedLastLineOnlyWhenClosed() {
        write("done\nbut no newline");
        assertThat(lines).containsExactly("done");

        splitter.close();

        assertThat(lines).containsExactly("done", "but no newline");
    }

    @Test
    void splitsAnEndlessLineIntoBoundedPieces() {
        write("x".repeat(MAX * 2 + 5));
        splitter.close();

        assertThat(lines).extracting(String::length).containsExactly(MAX, MAX, 5);
    }

    @Test
    void neverSplitsAMultiByteCharacter() {
        // 'é' is two bytes: one x shifts every 'é' so that one straddles each piece's boundary.
        String text = "x" + "é".repeat(MAX);
        write(text);
        splitter.close();

        assertThat(lines).allSatisfy(piece -> assertThat(piece).doesNotContain("\uFFFD"));
        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(lines.getFirst().getBytes(StandardCharsets.UTF_8)).hasSize(MAX - 1);
    }

    @Test
    void refusesALimitThatCannotHoldACharacter() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LineSplitter(3, lines::add))
                .withMessageContaining("at least one UTF-8 character");
    }

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.write(bytes, 0, bytes.length);
    }
}
