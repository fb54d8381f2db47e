package dev.hearth.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.BuildLanguage;
import org.junit.jupiter.api.Test;

/**
 * What the guided demo's hello-worlds must carry for the page's steps to work. That they compile for
 * WASI is checked with the builder image itself, in system-tests' {@code DemoTemplatesSystemIT}.
 */
class DemoContentTest {

    @Test
    void bothTemplatesCarryTheGreetingToMakeYours() {
        assertThat(DemoContent.source(BuildLanguage.RUST)).contains("const GREETING: &str = \"Hello from WebAssembly!\";");
        assertThat(DemoContent.source(BuildLanguage.C)).contains("#define GREETING \"Hello from WebAssembly!\"");
    }

    @Test
    void bothTemplatesPrintToBothStreamsAndReadTheirConfigAndPodName() {
        assertThat(DemoContent.source(BuildLanguage.RUST)).contains("/config/message", "POD_NAME", "eprintln!");
        assertThat(DemoContent.source(BuildLanguage.C)).contains("/config/message", "POD_NAME", "stderr");
    }

    @Test
    void theWebAppCarriesTheParticipantsGreetingAsWrittenInEitherLanguage() {
        String rust = DemoContent.source(BuildLanguage.RUST).replace("Hello from WebAssembly!", "Hi from \\\"alice\\\" & co");
        String literal = DemoContent.greetingLiteral(BuildLanguage.RUST, rust);
        assertThat(literal).isEqualTo("Hi from \\\"alice\\\" & co");
        assertThat(DemoContent.greetingText(literal)).isEqualTo("Hi from \"alice\" & co");
        assertThat(DemoContent.webSource(BuildLanguage.RUST, literal))
                .contains("const GREETING: &str = \"Hi from \\\"alice\\\" & co\";", "PATH_INFO")
                .doesNotContain("Hello from WebAssembly!");
        String c = DemoContent.source(BuildLanguage.C).replace("Hello from WebAssembly!", "Bonjour de Bob");
        assertThat(DemoContent.webSource(BuildLanguage.C, DemoContent.greetingLiteral(BuildLanguage.C, c)))
                .contains("#define GREETING \"Bonjour de Bob\"", "PATH_INFO");
        // Without the constant the template's greeting stands in: the web app still builds.
        assertThat(DemoContent.greetingLiteral(BuildLanguage.C, "int main(void) { return 0; }")).isEqualTo("Hello from WebAssembly!");
    }

    @Test
    void theWebManifestIsAPodWithAnHttpPortAndItsService() {
        assertThat(DemoContent.webManifest("hearth-registry:5000/alice/hello-web-rust:2", "alice"))
                .contains("image: hearth-registry:5000/alice/hello-web-rust:2", "name: http", "kind: Service",
                        "name: " + DemoContent.WEB_APP)
                .doesNotContain("${IMAGE}", "${USER}");
    }
}
