package dev.hearth.wasmnode.wasi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed test modules under {@code src/test/resources/wasm} (sources and build.sh beside them). */
final class TestModules {

    private TestModules() {}

    static byte[] bytes(String name) {
        try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test module /wasm/" + name + " is missing; see build.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WasiProgram probe() {
        return WasiProgram.parse(bytes("probe.wasm"));
    }
}
