package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.agent.TestSettings;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.LogStreamId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A build request as a plan: container, labels and limits decided without Docker; what is refused, and why. */
class BuildPlannerTest {

    private static final Map<String, String> WITH_BUILDER = Map.of("hearth.agent.images.builder", "hearth/builder:abc");
    private final BuildPlanner planner = new BuildPlanner(TestSettings.with(WITH_BUILDER));

    @Test
    void aRustBuildRunsTheBuilderLabelledAsThisHostsAndTheClustersWithDefaultLimits() throws Exception {
        BuildPlan plan = planner.plan(request(BuildLanguage.RUST, "fn main() {}", "hearth-registry:5000/alice/hello:3"));

        assertThat(plan.containerName()).isEqualTo("hearth-builder-b-1");
        assertThat(plan.builderImage()).isEqualTo("hearth/builder:abc");
        assertThat(plan.command()).containsExactly("rust");
        assertThat(plan.sourcePath()).isEqualTo("/src/main.rs");
        assertThat(plan.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("dev.hearth.role", "builder",
                "dev.hearth.host", "host-a", "dev.hearth.cluster", "c-1", "dev.hearth.build", "b-1"));
        assertThat(plan.target()).isEqualTo(new ImageName("alice/hello", "3"));
        assertThat(plan.stream()).isEqualTo(new LogStreamId.Build("b-1"));
        assertThat(plan.limits()).isEqualTo(new BuildLimits(1000, 1L << 30, 256, Duration.ofSeconds(120), 1L << 20, 20L << 20));
    }

    @Test
    void aCBuildAndConfiguredLimits() throws Exception {
        var settings = new java.util.HashMap<>(WITH_BUILDER);
        settings.putAll(Map.of("hearth.agent.build.timeout", "5s", "hearth.agent.build.max-output", "64K",
                "hearth.agent.build.memory", "512M", "hearth.agent.build.cpu-millis", "500"));
        BuildPlan plan = new BuildPlanner(TestSettings.with(settings))
                .plan(request(BuildLanguage.C, "int main(void){return 0;}", "hearth-registry:5000/bob/c-app:v1.0"));

        assertThat(plan.command()).containsExactly("c");
        assertThat(plan.sourcePath()).isEqualTo("/src/main.c");
        assertThat(plan.limits().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.limits().maxOutputBytes()).isEqualTo(64 * 1024);
        assertThat(plan.limits().memoryBytes()).isEqualTo(512L << 20);
        assertThat(plan.limits().nanoCpus()).isEqualTo(500_000_000L);
    }

    @Test
    void aSourceOfExactly64KiBIsAcceptedOneByteMoreIsRefused() throws Exception {
        planner.plan(request(BuildLanguage.RUST, "a".repeat(64 * 1024), "hearth-registry:5000/alice/hello:1"));
        assertThatThrownBy(() -> planner.plan(request(BuildLanguage.RUST, "a".repeat(64 * 1024 + 1),
                "hearth-registry:5000/alice/hello:1")))
                .isInstanceOf(BuildRefusedException.class)
                .hasMessage("the source is 65537 bytes; at most 64 KiB is accepted");
    }

    @Test
    void sizeCountsUtf8BytesNotCharacters() {
        assertThatThrownBy(() -> planner.plan(request(BuildLanguage.RUST, "é".repeat(40 * 1024),
                "hearth-registry:5000/alice/hello:1")))
                .isInstanceOf(BuildRefusedException.class).hasMessageContaining("81920 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            docker.io/alice/hello:1               | is not in hearth-registry:5000, the only registry builds push to
            127.0.0.1:5000/alice/hello:1          | is not in hearth-registry:5000
            hearth-registry:5000/alice/hello      | has no tag
            hearth-registry:5000/Alice/hello:1    | invalid repository path 'Alice/hello'
            hearth-registry:5000/alice//hello:1   | invalid repository path
            hearth-registry:5000/../bob/hello:1   | invalid repository path
            hearth-registry:5000/alice/hello:-x   | invalid tag '-x'
            """)
    void imagesOutsideTheHostRegistryOrMalformedAreRefused(String image, String message) {
        assertThatThrownBy(() -> planner.plan(request(BuildLanguage.RUST, "fn main() {}", image)))
                .isInstanceOf(BuildRefusedException.class).hasMessageContaining(message);
    }

    @Test
    void withoutABuilderImageTheHostRefusesSayingSo() {
        assertThatThrownBy(() -> new BuildPlanner(TestSettings.defaults())
                .plan(request(BuildLanguage.RUST, "fn main() {}", "hearth-registry:5000/alice/hello:1")))
                .isInstanceOf(BuildRefusedException.class)
                .hasMessage("this host has no builder image (hearth.agent.images.builder is not set)");
    }

    @Test
    void anEmptySourceOrABuildIdThatCannotNameAContainerIsRefused() {
        assertThatThrownBy(() -> planner.plan(request(BuildLanguage.C, "  \n", "hearth-registry:5000/alice/hello:1")))
                .hasMessage("the source is empty");
        assertThatThrownBy(() -> planner.plan(new BuildRequest("../x", "c-1", BuildLanguage.C, "int main(){}",
                "hearth-registry:5000/alice/hello:1"))).hasMessageContaining("is not a valid name");
    }

    @Test
    void theImageNamePrintsAsTheClusterSeesIt() {
        assertThat(ImageName.parse("hearth-registry:5000/alice/demo/hello:3").toString())
                .isEqualTo("hearth-registry:5000/alice/demo/hello:3");
        assertThat(List.of(Sizes.human(1L << 30), Sizes.human(1 << 20), Sizes.human(64 << 10), Sizes.human(1500)))
                .containsExactly("1 GiB", "1 MiB", "64 KiB", "1500 bytes");
    }

    private static BuildRequest request(BuildLanguage language, String source, String image) {
        return new BuildRequest("b-1", "c-1", language, source, image);
    }
}
