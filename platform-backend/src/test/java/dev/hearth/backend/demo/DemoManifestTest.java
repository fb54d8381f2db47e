package dev.hearth.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import org.junit.jupiter.api.Test;

/** The pod manifest checks a participant meets before anything reaches their cluster. */
class DemoManifestTest {

    static final String IMAGE = "hearth-registry:5000/alice/hello-rust:2";

    @Test
    void theDefaultManifestFilledInIsOnePodWithItsConfigMapInDefault() {
        DemoManifest m = DemoManifest.parse(DemoContent.fill(null, IMAGE, "alice"));

        assertThat(m.namespace()).isEqualTo("default");
        assertThat(m.pod().getMetadata().getName()).isEqualTo(DemoContent.POD);
        assertThat(m.pod().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(m.container().getImage()).isEqualTo(IMAGE);
        assertThat(m.container().getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        assertThat(m.container().getArgs()).containsExactly("--name", "alice");
        assertThat(m.pod().getSpec().getNodeSelector()).containsEntry("kubernetes.io/arch", "wasm32-wasi");
        assertThat(m.pod().getSpec().getTolerations()).hasSize(2);
        assertThat(m.configMaps()).singleElement().satisfies(cm -> assertThat(cm.getData()).containsKey("message"));
    }

    @Test
    void yamlThatDoesNotParseIsReportedWithItsLine() {
        assertThat(messages("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n"))
                .singleElement().asString().startsWith("is not valid YAML at line ");
    }

    @Test
    void onlyOnePodAndConfigMapsAreAccepted() {
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n";
        assertThat(messages(pod + "---\n" + pod.replace("name: p", "name: q")))
                .containsExactly("holds 2 Pods; it must hold exactly one");
        assertThat(messages("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"))
                .containsExactly("document 1 is a Deployment (apps/v1); the demo applies one v1 Pod and its v1 ConfigMaps");
        assertThat(messages("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"))
                .containsExactly("holds 0 Pods; it must hold exactly one");
        assertThat(messages("")).containsExactly("is empty; it needs one Pod");
    }

    @Test
    void everyContainerNeedsAnImageAndKubernetesOwnNamespacesAreRefused() {
        String noImage = DemoContent.fill(null, "", "alice");
        assertThat(messages(noImage)).containsExactly(
                "Pod hello-wasi: spec.containers[0] (hello-wasi) has no image; build one first, or name one");
        String system = DemoContent.fill(null, IMAGE, "alice").replace("namespace: default", "namespace: kube-system");
        assertThat(messages(system)).containsExactly(
                "namespace kube-system belongs to Kubernetes itself; use default or one of your own");
    }

    @Test
    void aFieldOfTheWrongShapeIsNamed() {
        String text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n"
                + "    args: {a: 1}\n";
        assertThat(messages(text)).singleElement().asString().startsWith("document 1 (Pod): spec.containers[0].args has the wrong shape");
    }

    @Test
    void anEditedManifestKeepsFollowingTheNewestImage() {
        String shown = DemoContent.fill(null, IMAGE, "alice");
        String stored = DemoContent.templatize(shown.replace("hello from a ConfigMap volume", "mine"), IMAGE);

        String next = DemoContent.fill(stored, "hearth-registry:5000/alice/hello-rust:3", "alice");
        DemoManifest m = DemoManifest.parse(next);
        assertThat(m.container().getImage()).isEqualTo("hearth-registry:5000/alice/hello-rust:3");
        assertThat(m.configMaps().getFirst().getData()).containsEntry("message", "mine");
    }

    private static java.util.List<String> messages(String manifest) {
        try {
            DemoManifest.parse(manifest);
        } catch (ValidationProblem e) {
            assertThat(e.errors()).extracting(FieldError::field).containsOnly("manifest");
            return e.errors().stream().map(FieldError::message).toList();
        }
        throw new AssertionError("expected the manifest to be refused:\n" + manifest);
    }

    @Test
    void validationProblemsAreAProblemExceptionNotA500() {
        assertThatThrownBy(() -> DemoManifest.parse("kind: [")).isInstanceOf(ValidationProblem.class);
    }
}
