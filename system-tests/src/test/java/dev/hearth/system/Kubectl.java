package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stock {@code kubectl} (the pinned upstream build, through a link named kubectl) run as a process
 * against a downloaded kubeconfig file, exactly as a participant would.
 */
final class Kubectl {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final List<String> prefix;
    private final Path binary;
    private final Path kubeconfig;

    private Kubectl(List<String> prefix, Path binary, Path kubeconfig) {
        this.prefix = List.copyOf(prefix);
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** kubectl with {@code --kubeconfig <file>}. */
    static Kubectl withKubeconfig(Path kubeconfig) {
        return new Kubectl(List.of(), link(), kubeconfig);
    }

    /** The same, run inside a network namespace ({@code ip netns exec <netns> kubectl …}): another machine's view. */
    static Kubectl inNetworkNamespace(String netns, Path kubeconfig) {
        return new Kubectl(List.of("ip", "netns", "exec", netns), link(), kubeconfig);
    }

    /** Runs {@code kubectl --kubeconfig <file> args…}; fails unless it exits 0, and returns its stdout. */
    String run(String... args) {
        return Scripts.ok(command(args), TIMEOUT);
    }

    /** The command line {@link #run} uses, for a caller that streams (e.g. {@code get -w}). */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code system-tests/target/bin/kubectl}, a link to the pinned build (for a script that calls kubectl by name). */
    static synchronized Path link() {
        Path link = RunPaths.target("bin").resolve("kubectl");
        Path target = Path.of(NodeImages.kubeBinary());
        try {
            if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to link " + link + " to " + target, e);
        }
        return link;
    }
}
