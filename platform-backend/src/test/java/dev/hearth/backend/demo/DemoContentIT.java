package dev.hearth.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.protocol.BuildLanguage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's hello-worlds keep compiling for WASI with the toolchains the builder image has: Debian's
 * rustc with its wasm32-wasi standard library, clang with wasi-libc. (The host has them: ./hearth
 * services installs them as the builder's dependencies.)
 */
@Timeout(120)
class DemoContentIT {

    @TempDir
    Path dir;

    @Test
    void theRustTemplateCompilesToAWasiModule() throws Exception {
        Path wasm = compile(BuildLanguage.RUST, List.of("/usr/bin/rustc", "--edition", "2021", "-O", "-C", "strip=symbols", "--target", "wasm32-wasi"));
        assertWasiModule(wasm);
    }

    @Test
    void theCTemplateCompilesToAWasiModule() throws Exception {
        Path wasm = compile(BuildLanguage.C, List.of("clang", "--target=wasm32-wasi", "--sysroot=/usr", "-O2"));
        assertWasiModule(wasm);
    }

    @Test
    void bothTemplatesCarryTheGreetingToMakeYours() {
        assertThat(DemoContent.source(BuildLanguage.RUST)).contains("const GREETING: &str = \"Hello from WebAssembly!\";");
        assertThat(DemoContent.source(BuildLanguage.C)).contains("#define GREETING \"Hello from WebAssembly!\"");
        assertThat(DemoContent.source(BuildLanguage.RUST)).contains("/config/message", "POD_NAME", "eprintln!");
        assertThat(DemoContent.source(BuildLanguage.C)).contains("/config/message", "POD_NAME", "stderr");
    }

    private Path compile(BuildLanguage language, List<String> command) throws IOException, InterruptedException {
        Path source = dir.resolve(DemoContent.fileName(language));
        Files.writeString(source, DemoContent.source(language));
        Path wasm = dir.resolve("app.wasm");
        List<String> full = new java.util.ArrayList<>(command);
        full.addAll(List.of(source.toString(), "-o", wasm.toString()));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("compiler finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", full) + "\n" + output).isZero();
        return wasm;
    }

    private static void assertWasiModule(Path wasm) throws IOException {
        byte[] bytes = Files.readAllBytes(wasm);
        assertThat(bytes).startsWith(0x00, 'a', 's', 'm');
        // It imports WASI preview 1: what the WASI node's Chicory host provides.
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("wasi_snapshot_preview1");
    }
}
