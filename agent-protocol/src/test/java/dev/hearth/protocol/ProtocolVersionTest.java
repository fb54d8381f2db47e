package dev.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"hearth.agent/v1", "hearth.agent/v2", "hearth.agent/v10"})
    void parsesAndPrintsTheSameText(String text) {
        assertThat(ProtocolVersion.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "hearth.agent/v0", "hearth.agent/v01", "hearth.agent/1", "Hearth.agent/v1",
            "hearth.agent/v1 "})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> ProtocolVersion.parse(text))
                .isInstanceOf(AgentProtocolException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
