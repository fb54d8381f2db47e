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
}
