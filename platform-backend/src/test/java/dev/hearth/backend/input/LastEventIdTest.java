package dev.hearth.backend.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code Last-Event-ID} is read as a 64-bit id by every event stream: anything else is refused naming it. */
class LastEventIdTest {

    @Test
    void anIdIsAcceptedAndAbsenceToo() {
        assertThat(InputBoundary.lastEventId(null)).isEmpty();
        assertThat(InputBoundary.lastEventId("0")).isEmpty();
        assertThat(InputBoundary.lastEventId("9223372036854775807")).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheHeader() {
        for (String bad : new String[] {"99999999999999999999", "abc", "", "1.5", "0x10"}) {
            assertThat(InputBoundary.lastEventId(bad)).as("Last-Event-ID: '%s'", bad)
                    .hasValueSatisfying(refusal -> assertThat(refusal.field()).isEqualTo("Last-Event-ID"));
        }
    }
}
