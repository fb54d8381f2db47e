package dev.hearth.wasmnode.modules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test modules: this package's under {@code wasm-modules/} (see build.sh there), and the WASI probe. */
final class TestWasm {

    private TestWasm() {}

    static byte[] bytes(String resource) {
        try (InputStream in = TestWasm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test module " + resource + " is missing; see build.sh beside it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] probe() {
        return bytes("/wasm/probe.wasm");
    }

    static byte[] module(String name) {
        return bytes("/wasm-modules/" + name);
    }
}
