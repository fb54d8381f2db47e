package dev.hearth.wasmnode.wasi;

import static dev.hearth.wasmnode.wasi.StdStream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the probe module can reach of the node's files: exactly its preopened directories. */
@Timeout(60)
class WasiFilesystemTest {

    private static WasiProgram probe;
    private final WasiRunner runner = new WasiRunner();
    private final ConsoleCapture console = new ConsoleCapture();

    @TempDir Path tmp;
    private Path granted;
    private Path secret;

    @BeforeAll
    static void parseOnce() {
        probe = TestModules.probe();
    }

    @BeforeEach
    void files() throws IOException {
        granted = Files.createDirectory(tmp.resolve("granted"));
        Files.writeString(granted.resolve("hello.txt"), "cool stuff\n");
        secret = Files.createDirectory(tmp.resolve("secret"));
        Files.writeString(secret.resolve("key.txt"), "TOP SECRET\n");
    }

    private WasiOutcome runWithData(String... args) {
        return runner.run(probe, WasiSandbox.builder().arguments(List.of(args))
                .preopen("/data", granted).build(), console);
    }

    @Test
    void aPreopenedFileIsReadableAtItsGuestPath() {
        runWithData("cat", "/data/hello.txt");

        assertThat(console.text(STDOUT)).isEqualTo("cool stuff\n");
    }

    @Test
    void pathsOutsideThePreopenAreRefused() {
        runWithData("cat", "/data/../secret/key.txt", secret.resolve("key.txt").toString(),
                "/secret/key.txt");

        assertThat(console.text(STDOUT)).isEqualTo("/data/../secret/key.txt: Operation not permitted\n"
                + secret.resolve("key.txt") + ": Capabilities insufficient\n"
                + "/secret/key.txt: Capabilities insufficient\n");
    }

    @Test
    void listingShowsOnlyTheGrantedDirectory() {
        runWithData("ls", "/data");
        runWithData("ls", "/");

        assertThat(console.text(STDOUT)).isEqualTo("hello.txt\n/: Capabilities insufficient\n");
    }

    @Test
    void withoutAPreopenNoFileIsReachable() {
        runner.run(probe, WasiSandbox.builder().argument("cat").argument(granted.resolve("hello.txt").toString())
                .argument("hello.txt").build(), console);

        assertThat(console.text(STDOUT)).isEqualTo(granted.resolve("hello.txt")
                + ": Capabilities insufficient\nhello.txt: Capabilities insufficient\n");
    }

    @Test
    void writesInAPreopenedDirectoryLandOnTheHost() {
        runWithData("write", "/data/out.txt", "from wasm");

        assertThat(console.text(STDOUT)).isEqualTo("wrote /data/out.txt\n");
        assertThat(granted.resolve("out.txt")).hasContent("from wasm");
    }

    @Test
    void theModuleCannotLinkToAnythingOutside() {
        runWithData("symlink", secret.resolve("key.txt").toString(), "/data/absolute");
        runWithData("symlink", "../secret/key.txt", "/data/relative");

        assertThat(console.text(STDOUT))
                .isEqualTo("/data/absolute: Permission denied\n/data/relative: Permission denied\n");
        assertThat(granted.resolve("absolute")).doesNotExist();
        assertThat(granted.resolve("relative")).doesNotExist();
    }

    @Test
    void linksTheModuleMadeInsideKeepWorkingOnTheNextStart() {
        runWithData("symlink", "hello.txt", "/data/alias");
        runWithData("cat", "/data/alias");

        assertThat(console.text(STDOUT)).isEqualTo("linked /data/alias\ncool stuff\n");
    }

    @Test
    void refusesToStartWhenTheHostPlacedALinkToElsewhere() throws IOException {
        Files.createDirectory(granted.resolve("nested"));
        Files.createSymbolicLink(granted.resolve("nested/key"), secret.resolve("key.txt"));

        assertThatThrownBy(() -> runWithData("cat", "/data/nested/key"))
                .isInstanceOf(WasiSandboxException.class)
                .hasMessage("refusing to preopen /data: nested/key is a symbolic link to " + secret.resolve("key.txt")
                        + ", which may lead outside it; only files and links made by the module are allowed");
        assertThat(console.lines()).as("the module never ran").isEmpty();
    }

    @Test
    void refusesALinkedDirectoryAndARelativeLink() throws IOException {
        Path other = Files.createDirectory(tmp.resolve("other"));
        Files.createSymbolicLink(other.resolve("etc"), Path.of("/etc"));
        Path relative = Files.createDirectory(tmp.resolve("relative"));
        // Chicory resolves a relative link against the JVM's working directory, not the link's own.
        Files.createSymbolicLink(relative.resolve("pom"), Path.of("pom.xml"));

        assertThatThrownBy(() -> runner.run(probe, WasiSandbox.builder().argument("cat")
                        .argument("/x/etc/hostname").preopen("/x", other).build(), console))
                .isInstanceOf(WasiSandboxException.class)
                .hasMessageContaining("etc is a symbolic link to /etc,");
        assertThatThrownBy(() -> runner.run(probe, WasiSandbox.builder().argument("cat").argument("/y/pom")
                        .preopen("/y", relative).build(), console))
                .isInstanceOf(WasiSandboxException.class)
                .hasMessageContaining("pom is a symbolic link to pom.xml,");
        assertThat(console.lines()).isEmpty();
    }
}
