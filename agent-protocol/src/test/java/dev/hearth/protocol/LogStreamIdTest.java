package dev.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogStreamIdTest {

    @Test
    void aPodStreamReadsBackAsItsFields() {
        LogStreamId id = LogStreamId.parse("pod/c-42/0b5e-uid/hello");

        assertThat(id).isEqualTo(new LogStreamId.Pod("c-42", "0b5e-uid", "hello"));
        assertThat(id.name()).isEqualTo("pod/c-42/0b5e-uid/hello");
        assertThat(LogStreamId.Pod.named("pod/c-42/0b5e-uid/hello").container()).isEqualTo("hello");
    }

    @Test
    void aBuildStreamReadsBackAsItsId() {
        LogStreamId id = LogStreamId.parse("build/7c1e0f4a-0000-4000-8000-000000000001");

        assertThat(id).isEqualTo(new LogStreamId.Build("7c1e0f4a-0000-4000-8000-000000000001"));
        assertThat(id.name()).isEqualTo("build/7c1e0f4a-0000-4000-8000-000000000001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "pod/c-1/uid", "pod/c-1/uid/app/extra", "pod//uid/app", "build/",
            "build/a/b", "xbuild/b-1", "events/c-1"})
    void refusesNamesOfNoKnownShape(String name) {
        assertThatThrownBy(() -> LogStreamId.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a log stream name");
    }

    @Test
    void aFieldCannotCarryTheSeparatorSoANameAlwaysReadsBackAsTheSameFields() {
        assertThatThrownBy(() -> new LogStreamId.Pod("c-1", "uid", "app/../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("container cannot contain '/', got 'app/../x'");
        assertThatThrownBy(() -> new LogStreamId.Build(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buildId is required");
    }

    @Test
    void aBuildNameIsNoPodStream() {
        assertThatThrownBy(() -> LogStreamId.Pod.named("build/b-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream 'build/b-1' is not a pod stream");
    }
}
