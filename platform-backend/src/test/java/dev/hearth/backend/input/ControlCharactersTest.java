package dev.hearth.backend.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.input.ControlCharacters.Text;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void ordinaryTextIncludingOtherScriptsAndMarksPasses() {
        assertThat(ControlCharacters.problem("c-1a2b3c K7QX-M2PA Zoë 日本 \u202Eevil 🙂", Text.SINGLE_LINE)).isEmpty();
        assertThat(ControlCharacters.problem(null, Text.SINGLE_LINE)).isEmpty();
    }

    @Test
    void nulAndOtherControlCharactersAreNamed() {
        assertThat(ControlCharacters.problem("c-abc\u0000", Text.SINGLE_LINE)).contains(
                "contains the control character U+0000; remove it");
        assertThat(ControlCharacters.problem("a\u001bb", Text.MULTI_LINE)).get().asString().contains("U+001B");
        assertThat(ControlCharacters.problem("a\u0085b", Text.MULTI_LINE)).get().asString().contains("U+0085");
        assertThat(ControlCharacters.problem("a\u007fb", Text.SINGLE_LINE)).get().asString().contains("U+007F");
    }

    @Test
    void lineBreaksAndTabsOnlyInMultiLineText() {
        assertThat(ControlCharacters.problem("fn main() {\n\tprintln!();\r\n}", Text.MULTI_LINE)).isEmpty();
        assertThat(ControlCharacters.problem("a\nb", Text.SINGLE_LINE)).get().asString().contains("U+000A");
    }

    @Test
    void brokenUnicodeIsRefused() {
        assertThat(ControlCharacters.problem("a\uD800b", Text.SINGLE_LINE)).get().asString().contains("lone surrogate");
        assertThat(ControlCharacters.problem("a\uFFFDb", Text.SINGLE_LINE)).contains("is not valid UTF-8 text");
    }
}
