package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredConfigurationTest {

    private final StoredConfiguration column = new StoredConfiguration();

    @Test
    void aConfigurationReadsBackEqualWithItsMirrorsInTheirOrderAndItsExactLifetime() {
        Map<String, String> mirrors = new LinkedHashMap<>();
        mirrors.put("zeta.example:5000", "http://mirror-z:5000");
        mirrors.put("alpha.example", "https://mirror-a");
        var config = new ClusterConfiguration(ClusterConfiguration.CINDER_API_VERSION, false, true, mirrors,
                Optional.of(Duration.ofSeconds(5400, 123_000_000)));

        ClusterConfiguration read = column.convertToEntityAttribute(column.convertToDatabaseColumn(config));

        assertThat(read).isEqualTo(config);
        assertThat(read.registryMirrors().keySet()).containsExactly("zeta.example:5000", "alpha.example");
    }

    @Test
    void theDefaultsReadBackAsTheDefaults() {
        var defaults = ClusterConfiguration.defaults();

        assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(defaults))).isEqualTo(defaults);
    }

    @Test
    void theKubeProxyAffinitySurvivesTheColumn() {
        String affinity = "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
                + "[{\"matchExpressions\":[{\"key\":\"example.com/pool\",\"operator\":\"Exists\"}]}]}}}";
        var config = new ClusterConfiguration(ClusterConfiguration.API_VERSION, true, true, Map.of(), Optional.empty(),
                Optional.of(affinity));

        assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(config))).isEqualTo(config);
    }

    @Test
    void aRowWrittenBeforeTheAffinityReadsAsTheDefaultAndTheDefaultIsWrittenAsBefore() {
        String before = "{\"apiVersion\":\"hearth.dev/v1alpha1\",\"localRegistry\":true,\"krustlet\":true,"
                + "\"registryMirrors\":[],\"ttl\":null}";

        assertThat(column.convertToEntityAttribute(before)).isEqualTo(ClusterConfiguration.defaults());
        // Unchanged bytes for a configuration without an affinity: replicas older than the field read them.
        assertThat(column.convertToDatabaseColumn(ClusterConfiguration.defaults())).isEqualTo(before);
    }

    @Test
    void anEmptyColumnIsNoConfiguration() {
        assertThat(column.convertToEntityAttribute(null)).isNull();
        assertThat(column.convertToDatabaseColumn(null)).isNull();
    }
}
