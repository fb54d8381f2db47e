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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The volume views' confinement, checked at each access rather than once when a module starts: a link
 * leading out of the volume that appears while a module runs (another container of the pod, a future
 * Chicory that lets one be made) is refused when followed, through the file API Chicory's WASI code
 * uses, and writes are counted whatever path they take.
 */
@Timeout(60)
class VolumeViewTest {

    @TempDir
    Path dir;
    @TempDir
    Path outside;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(outside.resolve("secret"), "node's own\n");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/file"), "inside\n");
        Files.createSymbolicLink(dir.resolve("out-dir"), outside);
        Files.createSymbolicLink(dir.resolve("out-file"), outside.resolve("secret"));
        Files.createSymbolicLink(dir.resolve("relative-out"), Path.of("../" + outside.getFileName() + "/secret"));
        Files.createSymbolicLink(dir.resolve("in"), dir.resolve("sub/file"));
    }

    private static VolumeQuota quota(long limit) {
        return new VolumeQuota("emptyDir test", limit, Optional.empty());
    }

    @Test
    void linksLeadingOutAreRefusedWhenFollowedInBothViews() {
        for (Path view : List.of(BoundedView.of(dir, quota(1 << 20)), ReadOnlyView.of(dir))) {
            assertThatThrownBy(() -> Files.readString(view.resolve("out-dir/secret"))).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("outside the volume");
            assertThatThrownBy(() -> Files.readString(view.resolve("out-file"))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> Files.list(view.resolve("out-dir"))).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> Files.writeString(view.resolve("out-dir/planted"), "x")).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void aLinkReadsBackAsAPathOfTheViewSoFollowingItIsCheckedToo() throws IOException {
        Path view = BoundedView.of(dir, quota(1 << 20));

        Path relative = Files.readSymbolicLink(view.resolve("relative-out"));
        Path inside = Files.readSymbolicLink(view.resolve("in"));

        assertThat(relative.getFileSystem()).isSameAs(view.getFileSystem());
        assertThat(relative.toString()).isEqualTo(outside.resolve("secret").toString());
        assertThatThrownBy(() -> Files.readString(relative)).isInstanceOf(AccessDeniedException.class);
        assertThat(Files.readString(inside)).isEqualTo("inside\n");
    }

    @Test
    void linksAreMadeOnlyToTargetsInsideAndHardLinksNotAtAll() throws IOException {
        Path view = BoundedView.of(dir, quota(1 << 20));

        Files.createSymbolicLink(view.resolve("ok"), view.resolve("sub/file"));

        assertThat(Files.readString(view.resolve("ok"))).isEqualTo("inside\n");
        assertThatThrownBy(() -> Files.createSymbolicLink(view.resolve("bad"), Path.of("/etc")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createLink(view.resolve("hard"), view.resolve("sub/file")))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theModuleCannotWriteThroughALinkIntoAReadOnlyMountOfItsOwnVolume() throws IOException {
        Path volume = Files.createDirectory(outside.resolve("volume"));
        WasiSandbox sandbox = WasiSandbox.builder()
                .arguments(List.of("write", "/rw/f", "original", ";", "symlink", "f", "/rw/l", ";", "write", "/ro/l", "pwned"))
                .preopen("/rw", BoundedView.of(volume, quota(1 << 20)))
                .preopen("/ro", ReadOnlyView.of(volume))
                .build();
        ConsoleCapture console = new ConsoleCapture();

        WasiOutcome outcome = new WasiRunner().run(hostile(), sandbox, console);

        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(0));
        assertThat(console.text(StdStream.STDOUT)).contains("wrote /rw/f", "linked /rw/l", "/ro/l: ")
                .doesNotContain("wrote /ro/l");
        assertThat(volume.resolve("f")).hasContent("original");
    }

    @Test
    void writesCountAgainstTheQuotaWhateverTheirShape() throws IOException {
        VolumeQuota quota = quota(64 * 1024);
        Path view = BoundedView.of(dir, quota);
        Path file = view.resolve("f");

        Files.write(file, new byte[30 * 1024]);
        assertThatThrownBy(() -> Files.write(file, new byte[40 * 1024], java.nio.file.StandardOpenOption.APPEND))
                .hasMessageContaining("No space left");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> channel.write(java.nio.ByteBuffer.allocate(1), 1L << 40))
                    .as("a sparse write far past the end").hasMessageContaining("No space left");
        }
        long used = quota.used();
        long size = Files.size(file);
        Files.delete(file);

        assertThat(used).as("the file's size and its entry, within the limit")
                .isEqualTo(size + VolumeQuota.ENTRY_BYTES).isLessThanOrEqualTo(64 * 1024);
        assertThat(size).as("the appended writes that fit went through, as on a full disk").isGreaterThan(30 * 1024);
        assertThat(quota.used()).isZero();
    }

    private static WasiProgram hostile() throws IOException {
        try (InputStream in = VolumeViewTest.class.getResourceAsStream("/wasm/hostile.wasm")) {
            return WasiProgram.parse(in.readAllBytes());
        }
    }
}
