package dev.hearth.agent.reconcile;

import dev.hearth.agent.build.OciArtifactPusher;
import dev.hearth.agent.build.WasmArtifactFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Wasm modules for WASI node tests, pushed to a test host's registry with the agent's own pusher. */
public final class WasmArtifacts {

    private WasmArtifacts() {
    }

    /** wasm-node's WASI probe: prints a line on stdout and one on stderr and exits 0 when given no args. */
    public static byte[] probe() throws IOException {
        return Files.readAllBytes(repositoryRoot().resolve("wasm-node/src/test/resources/wasm/probe.wasm"));
    }

    /** Pushes a module in the wasm-to-oci format (Krustlet's), which the node reads beside the CNCF one builds push. */
    public static void pushWasmToOci(int registryPort, String repository, String tag, byte[] wasm) throws Exception {
        new OciArtifactPusher(URI.create("http://127.0.0.1:" + registryPort))
                .push(repository, tag, wasm, WasmArtifactFormat.WASM_TO_OCI);
    }

    public static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("wasm-node"))) {
                return dir;
            }
        }
        throw new IOException("no wasm-node/ above " + Path.of("").toAbsolutePath());
    }
}
