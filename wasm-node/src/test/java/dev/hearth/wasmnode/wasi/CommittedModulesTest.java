package dev.hearth.wasmnode.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tests run the committed {@code .wasm} files, not their sources: this fails when a source under
 * {@code src/test/resources/wasm} changed without its module being rebuilt ({@code build.sh --check}
 * compares the sources' hashes with {@code modules.sha256}; it needs no toolchain).
 */
class CommittedModulesTest {

    @Test
    void everyCommittedModuleIsBuiltFromItsCurrentSource() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("user.dir"), "src/test/resources/wasm/build.sh");
        Process check = new ProcessBuilder("sh", script.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("hostile.wasm").doesNotContain("stale");
    }
}
