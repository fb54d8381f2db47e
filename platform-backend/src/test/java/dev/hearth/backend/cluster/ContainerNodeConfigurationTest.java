package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parts of a ClusterConfiguration issue 12 adds (docs/container-node.md): kube-proxy's affinity and
 * the ContainerNode gate, which is refused until the node's isolation exists.
 */
class ContainerNodeConfigurationTest {

    private static final String HEAD = "apiVersion: hearth.dev/v1alpha1\nkind: ClusterConfiguration\n";
    private static final String AFFINITY = "controlPlaneConfiguration.kubeProxy.affinity";
    private static final String EXPRESSION = AFFINITY
            + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]";

    /** Issue 12's example, as a user copies it from Cinder's documentation. */
    private static final String ISSUE_EXAMPLE = HEAD + """
            controlPlaneConfiguration:
              kubeProxy:
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                          - key: "kubernetes.io/arch"
                            operator: NotIn
                            values: ["wasm32-wasi", "wasm32-wascc"]
            """;

    @Test
    void theIssuesAffinityIsAcceptedAndKeptAsWritten() {
        ClusterConfiguration config = ClusterConfigurationParser.parse(ISSUE_EXAMPLE);

        assertThat(config.kubeProxyAffinity()).contains("{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"kubernetes.io/arch\",\"operator\":\"NotIn\","
                + "\"values\":[\"wasm32-wasi\",\"wasm32-wascc\"]}]}]}}}");
    }

    @Test
    void withoutAnAffinityTheDefaultApplies() {
        assertThat(ClusterConfigurationParser.parse(HEAD).kubeProxyAffinity()).isEmpty();
        assertThat(ClusterConfigurationParser.parse(HEAD + "controlPlaneConfiguration:\n  kubeProxy: {}\n")
                .kubeProxyAffinity()).isEmpty();
    }

    @Test
    void aPreferredAffinityWithEveryOperatorIsAccepted() {
        ClusterConfiguration config = ClusterConfigurationParser.parse(HEAD + """
                controlPlaneConfiguration:
                  kubeProxy:
                    affinity:
                      nodeAffinity:
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - weight: 100
                            preference:
                              matchExpressions:
                                - {key: example.com/pool, operator: In, values: [workers]}
                                - {key: gpu, operator: DoesNotExist}
                                - {key: cores, operator: Gt, values: ["2"]}
                              matchFields:
                                - {key: metadata.name, operator: NotIn, values: [alice-wasi]}
                """);

        assertThat(config.kubeProxyAffinity()).hasValueSatisfying(json -> assertThat(json).contains("\"weight\":100"));
    }

    @Test
    void theAffinitySurvivesTheNormalisedYaml() {
        ClusterConfiguration config = ClusterConfigurationParser.parse(ISSUE_EXAMPLE);

        String yaml = ClusterConfigurationParser.toYaml(config);

        assertThat(yaml).contains("controlPlaneConfiguration:").contains("operator: NotIn");
        assertThat(ClusterConfigurationParser.parse(yaml)).isEqualTo(config);
    }

    @Test
    void aConfigurationWithoutTheNewPartsNormalisesAsBefore() {
        assertThat(ClusterConfigurationParser.toYaml(ClusterConfiguration.defaults()))
                .doesNotContain("controlPlaneConfiguration").doesNotContain("ContainerNode");
    }

    static List<Arguments> badAffinities() {
        String required = "      nodeAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n"
                + "          nodeSelectorTerms:\n";
        String head = HEAD + "controlPlaneConfiguration:\n  kubeProxy:\n    affinity:\n";
        return List.of(
                Arguments.of(HEAD + "controlPlaneConfiguration:\n  kubeScheduler: {}\n",
                        "controlPlaneConfiguration.kubeScheduler", "unknown field"),
                Arguments.of(HEAD + "controlPlaneConfiguration:\n  kubeProxy:\n    image: x\n",
                        "controlPlaneConfiguration.kubeProxy.image", "unknown field"),
                Arguments.of(HEAD + "controlPlaneConfiguration:\n  kubeProxy:\n    affinity: NotIn\n", AFFINITY, "mapping"),
                Arguments.of(head + "      podAntiAffinity: {}\n", AFFINITY + ".podAntiAffinity", "only nodeAffinity"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: kubernetes.io/arch, operator: NotOn, values: [wasm32-wasi]}\n",
                        EXPRESSION + ".operator", "one of In, NotIn"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: kubernetes.io/arch, operator: NotIn}\n",
                        EXPRESSION + ".values", "not be empty"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: kubernetes.io/arch, operator: Exists, values: [x]}\n",
                        EXPRESSION + ".values", "empty for Exists"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: cores, operator: Lt, values: [many]}\n",
                        EXPRESSION + ".values", "one integer"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: \"bad key!\", operator: Exists}\n",
                        EXPRESSION + ".key", "not a label key"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: kubernetes.io/arch, operator: In, values: [\"wasm32 wasi\"]}\n",
                        EXPRESSION + ".values[0]", "label value"),
                Arguments.of(head + required + "          - matchExpressions:\n"
                        + "            - {key: kubernetes.io/arch, operator: In, values: [a], extra: 1}\n",
                        EXPRESSION + ".extra", "unknown field"),
                Arguments.of(head + required + "          - matchFields:\n"
                        + "            - {key: metadata.labels, operator: In, values: [a]}\n",
                        AFFINITY + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                                + ".matchFields[0].key", "metadata.name"),
                Arguments.of(head + "      nodeAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n"
                        + "          nodeSelectorTerms: []\n",
                        AFFINITY + ".nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
                        "not be empty"),
                Arguments.of(head + "      nodeAffinity:\n        preferredDuringSchedulingIgnoredDuringExecution:\n"
                        + "          - {weight: 101, preference: {}}\n",
                        AFFINITY + ".nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "1 to 100"));
    }

    @ParameterizedTest
    @MethodSource("badAffinities")
    void aBadAffinityIsRefusedNamingItsPath(String document, String field, String messagePart) {
        assertThatThrownBy(() -> ClusterConfigurationParser.parse(document))
                .isInstanceOfSatisfying(ValidationProblem.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
                    assertThat(e.errors().getFirst().message()).containsIgnoringCase(messagePart);
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void theContainerNodeGateIsRefusedNamingItUntilTheNodeExists() {
        assertThatThrownBy(() -> ClusterConfigurationParser.parse(HEAD + "featureGates:\n  ContainerNode: true\n"))
                .isInstanceOfSatisfying(ValidationProblem.class, e -> {
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("featureGates.ContainerNode");
                    assertThat(e.errors().getFirst().message()).contains("not available").contains("docs/container-node.md");
                });
    }

    @Test
    void theContainerNodeGateSetToFalseMeansTheDefault() {
        assertThat(ClusterConfigurationParser.parse(HEAD + "featureGates:\n  ContainerNode: false\n"))
                .isEqualTo(ClusterConfigurationParser.parse(HEAD));
    }
}
