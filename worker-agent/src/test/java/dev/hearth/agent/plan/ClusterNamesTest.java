package dev.hearth.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.agent.TestSettings;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"c", "c42", "a-b-c", "0123456789012345678901234567890123456789"})
    void acceptsIdsThatCanNameDockerObjects(String id) {
        assertThat(ClusterNames.requireValidId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "C42", "-c", "c-", "c_42", "c.42", "c 42", "../etc",
            "01234567890123456789012345678901234567890"})
    void refusesIdsThatCannotNameDockerObjects(String id) {
        assertThatThrownBy(() -> ClusterNames.requireValidId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster id '" + id + "' cannot name Docker objects: it must be 1-40 lowercase letters,"
                        + " digits or '-', starting and ending with a letter or digit");
    }

    @Test
    void thePlannerRefusesSuchAnIdBeforePlanningAnything() {
        assertThatThrownBy(() -> new ClusterPlanner(TestSettings.defaults())
                        .plan(new DesiredCluster("../etc", "x", ClusterConfig.DEFAULTS, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cluster id '../etc' cannot name Docker objects");
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alice|alice-wasi",
            "Alice|alice-wasi",
            "My Demo Cluster|my-demo-cluster-wasi",
            "team.blue|team.blue-wasi",
            "  --spaced--  |spaced-wasi",
            "émile|mile-wasi",
            "!!!|c42-wasi",
    })
    void wasiNodeNamesAreValidNodeNames(String display, String node) {
        assertThat(ClusterNames.wasiNode(display, "c42")).isEqualTo(node).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    }

    @Test
    void aVeryLongDisplayNameStillGivesAValidNodeName() {
        String node = ClusterNames.wasiNode("x".repeat(300), "c42");

        assertThat(node).hasSize(253).endsWith("x-wasi");
    }
}
