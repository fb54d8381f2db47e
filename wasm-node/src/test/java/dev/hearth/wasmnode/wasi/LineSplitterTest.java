package dev.hearth.wasmnode.wasi;

import static dev.hearth.wasmnode.wasi.StdStream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final ConsoleCapture console = new ConsoleCapture();
    private final LineSplitter splitter = new LineSplitter(STDOUT, console);

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.write(bytes, 0, bytes.length);
    }

    @Test
    void cutsAtNewlinesAcrossWritesKeepingEmptyLines() {
        write("one\ntw");
        write("o\n\nthre");
        splitter.write('e');
        splitter.write('\n');

        assertThat(console.lines()).extracting(ConsoleLine::text).containsExactly("one", "two", "", "three");
    }

    @Test
    void passesOnAnUnterminatedLastLineWhenClosed() {
        write("done\nbut no newline");
        assertThat(console.lines()).hasSize(1);

        splitter.close();

        assertThat(console.lines()).extracting(ConsoleLine::text).containsExactly("done", "but no newline");
    }

    @Test
    void splitsAnEndlessLineIntoBoundedPieces() {
        write("x".repeat(LineSplitter.MAX_LINE_BYTES * 2 + 5));
        splitter.close();

        assertThat(console.lines()).extracting(line -> line.text().length())
                .containsExactly(LineSplitter.MAX_LINE_BYTES, LineSplitter.MAX_LINE_BYTES, 5);
    }

    @Test
    void neverSplitsAMultiByteCharacter() {
        // 'é' is two bytes: one x shifts every 'é' so that one straddles the 16 KiB boundary.
        String text = "x" + "é".repeat(LineSplitter.MAX_LINE_BYTES);
        write(text);
        splitter.close();

        assertThat(console.lines()).extracting(ConsoleLine::text)
                .allSatisfy(piece -> assertThat(piece).doesNotContain("\uFFFD"))
                .satisfies(pieces -> assertThat(String.join("", pieces)).isEqualTo(text));
        assertThat(console.lines().get(0).text().getBytes(StandardCharsets.UTF_8))
                .hasSize(LineSplitter.MAX_LINE_BYTES - 1);
    }
}
