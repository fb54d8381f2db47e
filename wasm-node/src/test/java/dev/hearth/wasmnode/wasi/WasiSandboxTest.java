package dev.hearth.wasmnode.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiSandboxTest {

    @TempDir Path tmp;

    @Test
    void grantsNothingByDefault() {
        WasiSandbox sandbox = WasiSandbox.builder().build();

        assertThat(sandbox.arguments()).isEmpty();
        assertThat(sandbox.environment()).isEmpty();
        assertThat(sandbox.preopens()).isEmpty();
    }

    @Test
    void laterChangesToTheBuilderOrItsInputsDoNotReachABuiltSandbox() {
        List<String> args = new ArrayList<>(List.of("a"));
        WasiSandbox.Builder builder = WasiSandbox.builder().arguments(args).env("A", "1").preopen("/d", tmp);
        WasiSandbox sandbox = builder.build();

        args.add("b");
        builder.argument("c").env("B", "2");

        assertThat(sandbox.arguments()).containsExactly("a");
        assertThat(sandbox.environment()).containsOnlyKeys("A");
        assertThatThrownBy(() -> sandbox.arguments().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sandbox.environment().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsPreopensInOrderWithNormalisedHostPaths() throws Exception {
        Path second = Files.createDirectory(tmp.resolve("second"));

        WasiSandbox sandbox = WasiSandbox.builder()
                .preopen("/b", tmp.resolve("second/../second"))
                .preopen("/a", tmp)
                .build();

        assertThat(sandbox.preopens()).containsExactly(new Preopen("/b", second), new Preopen("/a", tmp));
    }

    @Test
    void refusesGrantsThatCannotWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");

        assertThatThrownBy(() -> WasiSandbox.builder().preopen("data", tmp))
                .hasMessage("preopen guest path must be absolute, got 'data'");
        assertThatThrownBy(() -> WasiSandbox.builder().preopen("/data", file))
                .hasMessage("cannot preopen " + file + " at /data: not a directory");
        assertThatThrownBy(() -> WasiSandbox.builder().preopen("/data", tmp).preopen("/data", tmp))
                .hasMessage("guest path /data is preopened twice");
        assertThatThrownBy(() -> WasiSandbox.builder().env("A=B", "c"))
                .hasMessage("invalid environment variable name 'A=B'");
        assertThatThrownBy(() -> WasiSandbox.builder().env("", "c"))
                .hasMessage("invalid environment variable name ''");
        assertThatThrownBy(() -> WasiSandbox.builder().env("A", "nul\0here"))
                .hasMessage("environment variable A contains a NUL character");
    }
}
