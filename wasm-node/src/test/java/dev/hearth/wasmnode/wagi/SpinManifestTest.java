package dev.hearth.wasmnode.wagi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a Spin manifest (docs/wasm-node.md, "Web apps") becomes a WAGI route, and what is refused by name. */
class SpinManifestTest {

    static final String V2 = """
            spin_manifest_version = 2

            [application]
            name = "hello"
            version = "1.0.0"
            [application.trigger.http]
            base = "/"

            [[trigger.http]]
            route = "/hello/..."
            component = "hello"
            executor = { type = "wagi" }

            [component.hello]
            source = "target/wasm32-wasip1/release/hello.wasm"
            description = "says hello"
            allowed_outbound_hosts = []
            [component.hello.build]
            command = "cargo build --target wasm32-wasip1 --release"
            """;

    @Test
    void aVersion2ManifestsWagiRouteIsServedWhereTheComponentIsTheContainer() {
        WagiRoute route = SpinManifest.route(V2, "hello");
        assertThat(route.pattern()).isEqualTo("/hello/...");
        assertThat(route.match("/hello/world")).contains(new WagiRoute.Match("/hello", "/world"));
        assertThat(route.match("/other")).isEmpty();
    }

    @Test
    void theTriggerNamingTheContainerIsChosenAndTheBaseIsPrefixed() {
        String manifest = """
                spin_manifest_version = 2
                [application]
                name = "two"
                [application.trigger.http]
                base = "/api"
                [[trigger.http]]
                route = "/a"
                component = "first"
                executor = { type = "wagi", entrypoint = "_start", argv = "${SCRIPT_NAME} ${ARGS}" }
                [[trigger.http]]
                route = "/b/..."
                component = "second"
                executor = { type = "wagi" }
                [component.first]
                source = "a.wasm"
                [component.second]
                source = "b.wasm"
                """;
        assertThat(SpinManifest.route(manifest, "second").pattern()).isEqualTo("/api/b/...");
        assertThat(SpinManifest.route(manifest, "first").pattern()).isEqualTo("/api/a");
        assertThatThrownBy(() -> SpinManifest.route(manifest, "third"))
                .hasMessageContaining("trigger.http: none of its 2 entries is for container 'third'");
    }

    @Test
    void aVersion1ManifestMapsToo() {
        String manifest = """
                spin_manifest_version = "1"
                name = "hello"
                trigger = { type = "http", base = "/" }
                [[component]]
                id = "hello"
                source = "hello.wasm"
                [component.trigger]
                route = "/..."
                executor = { type = "wagi" }
                """;
        assertThat(SpinManifest.route(manifest, "web").pattern()).isEqualTo("/...");
    }

    @Test
    void whatDoesNotMapIsRefusedNamingTheField() {
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("executor = { type = \"wagi\" }", ""), "hello"))
                .hasMessageContaining("trigger.http[0].executor must be { type = \"wagi\" }")
                .hasMessageContaining("Spin's own executor");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("{ type = \"wagi\" }", "{ type = \"wagi\", entrypoint = \"handler\" }"), "hello"))
                .hasMessageContaining("trigger.http[0].executor.entrypoint 'handler' is not supported");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("{ type = \"wagi\" }", "{ type = \"wagi\", argv = \"${ARGS}\" }"), "hello"))
                .hasMessageContaining("trigger.http[0].executor.argv is not supported");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("allowed_outbound_hosts = []", "allowed_outbound_hosts = [\"https://example.com\"]"), "hello"))
                .hasMessageContaining("component.hello.allowed_outbound_hosts is not supported").hasMessageContaining("no network");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("description = \"says hello\"", "files = [\"static/**\"]"), "hello"))
                .hasMessageContaining("component.hello.files is not supported").hasMessageContaining("volumes");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("description = \"says hello\"", "environment = { A = \"b\" }"), "hello"))
                .hasMessageContaining("component.hello.environment is not supported");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("description = \"says hello\"", "key_value_stores = [\"default\"]"), "hello"))
                .hasMessageContaining("component.hello.key_value_stores is not supported");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("route = \"/hello/...\"", "route = { private = true }"), "hello"))
                .hasMessageContaining("trigger.http[0].route must be a path").hasMessageContaining("private route");
        assertThatThrownBy(() -> SpinManifest.route(V2 + "\n[[trigger.redis]]\nchannel = \"x\"\ncomponent = \"hello\"\n", "hello"))
                .hasMessageContaining("trigger.redis: only HTTP triggers");
        assertThatThrownBy(() -> SpinManifest.route(V2.replace("spin_manifest_version = 2", "spin_manifest_version = 3"), "hello"))
                .hasMessageContaining("spin_manifest_version must be 1 or 2, got '3'");
        assertThatThrownBy(() -> SpinManifest.route("this is [not toml", "hello"))
                .hasMessageStartingWith("annotation hearth.dev/spin-manifest: is not TOML");
    }

    @Test
    void aPodCarriesItsManifestInTheAnnotationButNotBesideKrustletsRoutes() {
        Container container = new ContainerBuilder().withName("hello").withImage("x:1").build();
        Pod spin = new PodBuilder().withNewMetadata().withName("p").withAnnotations(Map.of(SpinManifest.ANNOTATION, V2))
                .endMetadata().withNewSpec().withContainers(container).endSpec().build();
        assertThat(WagiPods.route(spin, container).pattern()).isEqualTo("/hello/...");

        Pod both = new PodBuilder(spin).editMetadata().addToAnnotations(WagiPods.MODULES_ANNOTATION, "{\"hello\":{\"route\":\"/x\"}}")
                .endMetadata().build();
        assertThatThrownBy(() -> WagiPods.route(both, container)).hasMessageContaining("both set routes");
    }
}
