package dev.hearth.wasmnode.wasi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WasiProgramTest {

    @Test
    void acceptsAWasiCommand() {
        assertThatCode(TestModules::probe).doesNotThrowAnyException();
    }

    @Test
    void rejectsBytesThatAreNotWebAssembly() {
        byte[] text = "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WasiProgram.parse(text))
                .isInstanceOf(WasiModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module:");
    }

    @Test
    void rejectsATruncatedModule() {
        byte[] probe = TestModules.bytes("probe.wasm");
        byte[] truncated = java.util.Arrays.copyOf(probe, probe.length / 2);

        assertThatThrownBy(() -> WasiProgram.parse(truncated))
                .isInstanceOf(WasiModuleException.class)
                .hasMessageStartingWith("not a valid WebAssembly module:");
    }

    @Test
    void rejectsAModuleWithoutStartNamingItsExports() {
        assertThatThrownBy(() -> WasiProgram.parse(TestModules.bytes("no-start.wasm")))
                .isInstanceOf(WasiModuleException.class)
                .hasMessage("module exports no _start function, so it is not a WASI command (exports: add)");
    }

    @Test
    void rejectsAnImportTheNodeDoesNotProvideNamingIt() {
        assertThatThrownBy(() -> WasiProgram.parse(TestModules.bytes("imports-env.wasm")))
                .isInstanceOf(WasiModuleException.class)
                .hasMessage("module cannot run on the WASI node: it imports env.launch_missiles, which the WASI"
                        + " node does not provide");
    }
}
