package dev.hearth.wasmnode.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.wasi.ConsoleCapture;
import dev.hearth.wasmnode.wasi.StdStream;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReadOnlyViewTest {

    @TempDir
    Path dir;

    @BeforeEach
    void volume() throws IOException {
        Files.writeString(dir.resolve("config.txt"), "cool stuff\n");
        Files.createDirectory(dir.resolve("sub"));
    }

    private static WasiProgram probe() throws IOException {
        try (InputStream in = ReadOnlyViewTest.class.getResourceAsStream("/wasm/probe.wasm")) {
            return WasiProgram.parse(in.readAllBytes());
        }
    }

    private static String run(Path volume, String... args) throws IOException {
        ConsoleCapture console = new ConsoleCapture();
        WasiOutcome outcome = new WasiRunner().run(probe(),
                WasiSandbox.builder().arguments(List.of(args)).preopen("/data", volume).build(), console);
        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(0));
        return console.text(StdStream.STDOUT);
    }

    @Test
    void aModuleReadsAReadOnlyVolumeButCannotWriteIt() throws IOException {
        Path view = ReadOnlyView.of(dir);

        String read = run(view, "cat", "/data/config.txt");
        String listed = run(view, "ls", "/data");
        String overwrite = run(view, "write", "/data/config.txt", "hacked");
        String create = run(view, "write", "/data/new.txt", "hello");

        assertThat(read).isEqualTo("cool stuff\n");
        assertThat(listed.lines()).containsExactlyInAnyOrder("config.txt", "sub");
        assertThat(overwrite).startsWith("/data/config.txt: ").doesNotContain("wrote");
        assertThat(create).startsWith("/data/new.txt: ").doesNotContain("wrote");
        assertThat(Files.readString(dir.resolve("config.txt"))).isEqualTo("cool stuff\n");
        assertThat(dir.resolve("new.txt")).doesNotExist();
    }

    @Test
    void theSameVolumeWritableIsWritten() throws IOException {
        assertThat(run(dir, "write", "/data/new.txt", "hello")).isEqualTo("wrote /data/new.txt\n");
        assertThat(dir.resolve("new.txt")).hasContent("hello");
    }

    @Test
    void everyKindOfChangeIsRefusedAndPathsStayInTheView() throws IOException {
        Path view = ReadOnlyView.of(dir);
        Path file = view.resolve("config.txt");

        assertThat(Files.readString(file)).isEqualTo("cool stuff\n");
        assertThat(Files.isDirectory(view.resolve("sub"))).isTrue();
        assertThatThrownBy(() -> Files.writeString(file, "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.writeString(file, "x", StandardOpenOption.APPEND)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.delete(file)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.move(file, view.resolve("moved"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createDirectory(view.resolve("new"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createSymbolicLink(view.resolve("link"), file)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.setLastModifiedTime(file, FileTime.fromMillis(0))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(file::toFile).isInstanceOf(UnsupportedOperationException.class);
        assertThat(view.resolve("sub").getParent().getFileSystem().isReadOnly()).isTrue();
        try (var entries = Files.list(view)) {
            assertThat(entries.allMatch(entry -> entry.getFileSystem().isReadOnly())).isTrue();
        }
        assertThat(Files.isWritable(file)).isFalse();
    }
}
