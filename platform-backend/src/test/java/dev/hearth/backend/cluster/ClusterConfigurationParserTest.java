package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.api.Test;

class ClusterConfigurationParserTest {

    private static final String HEAD = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\n";

    @ParameterizedTest
    @NullAndEmptySource
    void absentConfigMeansDefaults(String text) {
        assertThat(ClusterConfigurationParser.parse(text)).isEqualTo(ClusterConfiguration.defaults());
    }

    @Test
    void readsTheDesignExample() {
        ClusterConfiguration config = ClusterConfigurationParser.parse(HEAD + """
                featureGates:
                  LocalRegistry: true
                  Krustlet: false
                registryMirrors:
                  docker.io: "https://docker.io"
                ttl: 4h
                """);
        assertThat(config).isEqualTo(new ClusterConfiguration("hearth.dev/v1alpha1", true, false,
                Map.of("docker.io", "https://docker.io"), Optional.of(Duration.ofHours(4))));
    }

    @Test
    void readsJsonAndCinderConfigs() {
        ClusterConfiguration config = ClusterConfigurationParser.parse("""
                {"apiVersion": "cinder.crit.sh/v1alpha1", "kind": "ClusterConfiguration",
                 "featureGates": {"LocalRegistry": false}}
                """);
        assertThat(config.apiVersion()).isEqualTo("cinder.crit.sh/v1alpha1");
        assertThat(config.localRegistry()).isFalse();
        assertThat(config.krustlet()).isTrue();
    }

    static List<Arguments> invalidDocuments() {
        return List.of(
                Arguments.of(HEAD + "featureGate:\n  Krustlet: true\n", "featureGate", "unknown field"),
                Arguments.of(HEAD + "featureGates:\n  Krustlet: \"yes\"\n", "featureGates.Krustlet", "true or false"),
                Arguments.of(HEAD + "featureGates:\n  WasmEdge: true\n", "featureGates.WasmEdge", "unknown feature gate"),
                Arguments.of(HEAD + "featureGates: true\n", "featureGates", "mapping"),
                Arguments.of(HEAD + "registryMirrors:\n  docker.io: ftp://mirror\n", "registryMirrors.docker.io", "http"),
                Arguments.of(HEAD + "registryMirrors:\n  docker.io: 5\n", "registryMirrors.docker.io", "endpoint URL"),
                Arguments.of(HEAD + "registryMirrors:\n" + mirrors(17), "registryMirrors", "at most 16"),
                Arguments.of(HEAD + "registryMirrors:\n  \"a,b=c\": https://mirror\n", "registryMirrors", "not a registry name"),
                Arguments.of(HEAD + "registryMirrors:\n  docker.io: https://m/" + "x".repeat(2100) + "\n",
                        "registryMirrors.docker.io", "at most 2048"),
                Arguments.of(HEAD + "# " + "x".repeat(17_000) + "\n", "config", "at most 16384"),
                Arguments.of(HEAD + "ttl: forever\n", "ttl", "not a duration"),
                Arguments.of(HEAD + "ttl: 0h\n", "ttl", "longer than zero"),
                Arguments.of(HEAD + "ttl: 4\n", "ttl", "duration"),
                Arguments.of("kind: ClusterConfiguration\n", "apiVersion", "required"),
                Arguments.of("apiVersion: kind.x-k8s.io/v1alpha4\nkind: ClusterConfiguration\n", "apiVersion", "must be"),
                Arguments.of("apiVersion: hearth.dev/v1alpha1\nkind: Cluster\n", "kind", "ClusterConfiguration"),
                Arguments.of("- a\n- b\n", "config", "a list"),
                Arguments.of(HEAD + "featureGates: [unclosed\n", "config", "not valid YAML"),
                Arguments.of(HEAD + "ttl: 1h\nttl: 2h\n", "config", "Duplicate"));
    }

    private static String mirrors(int count) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < count; i++) {
            entries.append("  registry").append(i).append(".example: https://mirror").append(i).append(".example\n");
        }
        return entries.toString();
    }

    @Test
    void sixteenMirrorsAreFine() {
        assertThat(ClusterConfigurationParser.parse(HEAD + "registryMirrors:\n" + mirrors(16)).registryMirrors())
                .hasSize(16).containsEntry("registry15.example", "https://mirror15.example");
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void rejectsNamingTheField(String document, String field, String messagePart) {
        assertThatThrownBy(() -> ClusterConfigurationParser.parse(document))
                .isInstanceOfSatisfying(ValidationProblem.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
                    assertThat(e.errors().getFirst().message()).containsIgnoringCase(messagePart);
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> ClusterConfigurationParser.parse("kind: Nope\nextra: 1\nttl: never\n"))
                .isInstanceOfSatisfying(ValidationProblem.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder("extra", "apiVersion", "kind", "ttl"));
    }

    @Test
    void normalisedYamlReadsBackToTheSameConfiguration() {
        ClusterConfiguration config = new ClusterConfiguration("cinder.crit.sh/v1alpha1", false, true,
                Map.of("docker.io", "https://mirror.example"), Optional.of(Duration.ofMinutes(90)));
        String yaml = ClusterConfigurationParser.toYaml(config);
        assertThat(yaml).contains("ttl: 1h30m").contains("kind: ClusterConfiguration");
        assertThat(ClusterConfigurationParser.parse(yaml)).isEqualTo(config);
    }
}
