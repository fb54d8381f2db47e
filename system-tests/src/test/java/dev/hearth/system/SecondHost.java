package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "Another machine" for a test: a network namespace the test makes, joined to this one by a veth pair
 * with addresses the test assigns ({@code 10.231.<n>.1} here, {@code .2} there; no default route, so
 * nothing beyond the pair is reachable from it), and a Docker engine of its own inside it — own
 * data-root, exec-root, socket and bridge ({@code --bip 10.232.<n>.1/24}), its iptables rules in the
 * namespace's own tables. Register it as a static {@code @RegisterExtension} before the stack whose
 * backend listens on {@link #platformAddress()}.
 *
 * <p>The engine runs under {@code nsenter --net=}, not {@code ip netns exec}: the latter remounts
 * {@code /sys} for the namespace, which hides the cgroup hierarchy and stops dockerd with "Devices
 * cgroup isn't mounted".
 *
 * <p>Everything is removed at the end, passed or failed (and by a shutdown hook if the JVM is killed):
 * the engine and its containers, the namespace, the veth pair, the temporary directory. Only objects
 * this class made are touched: the namespace, interfaces and directory carry the run's random name.
 */
public final class SecondHost implements BeforeAllCallback, AfterAllCallback {

    private static final Duration ENGINE_READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String name = "hh" + random(6);
    private final int subnet = 16 + ThreadLocalRandom.current().nextInt(200);
    private Path dir;
    private ManagedProcess engine;
    private Thread shutdownHook;
    private boolean namespaceMade;
    private boolean linkMade;

    /** This machine's side of the veth pair: where the platform listens for the second host. */
    public String platformAddress() {
        return "10.231." + subnet + ".1";
    }

    /** The second host's own address. */
    public String hostAddress() {
        return "10.231." + subnet + ".2";
    }

    /** The namespace's name ({@code /var/run/netns/<name>}). */
    public String namespace() {
        return name;
    }

    /** This machine's end of the veth pair. */
    public String outsideInterface() {
        return name + "a";
    }

    /** Sends the host's traffic for {@code address} through this machine (a laptop on another link, {@link RemoteLaptop}). */
    public void routeThroughPlatform(String address) {
        inNamespace("ip", "route", "replace", address + "/32", "via", platformAddress());
    }

    /** The second engine's socket: the only way this test talks to it. */
    public Path socket() {
        return dir.resolve("docker.sock");
    }

    /** The test's temporary directory for this host (the engine's data-root is under it). */
    public Path dir() {
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        shutdownHook = Thread.ofPlatform().unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Short: the engine's containerd sockets live under the exec-root, and a Unix socket path has 108 bytes.
        dir = Files.createTempDirectory("hearth-" + name + "-");
        String outside = name + "a";
        String inside = name + "b";
        sh("ip", "netns", "add", name);
        namespaceMade = true;
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        linkMade = true;
        sh("ip", "link", "set", inside, "netns", name);
        sh("ip", "addr", "add", platformAddress() + "/30", "dev", outside);
        sh("ip", "link", "set", outside, "up");
        inNamespace("ip", "addr", "add", hostAddress() + "/30", "dev", inside);
        inNamespace("ip", "link", "set", inside, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        startEngine();
    }

    /** Starts (or starts again) the second host's Docker engine and waits until it answers. */
    public void startEngine() {
        if (engine == null) {
            engine = new ManagedProcess("dockerd " + name, List.of("nsenter", "--net=/var/run/netns/" + name, "dockerd",
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("docker.pid").toString(), "-H", "unix://" + socket(),
                    "--bip", "10.232." + subnet + ".1/24", "--iptables=true"),
                    RunPaths.logs().resolve("dockerd-" + name + ".log"));
        }
        engine.start();
        Waits.until("the second host's Docker engine to answer on " + socket(), ENGINE_READY_WITHIN, () -> {
            if (!engine.alive()) {
                throw new AssertionError("dockerd of " + name + " exited; its log:\n" + engine.tail(30));
            }
            return Scripts.run(docker("info", "--format", "{{.ServerVersion}}"), COMMAND_TIMEOUT).exitCode() == 0;
        });
    }

    /**
     * Stops the engine as an operator would (SIGTERM): its containers, the agent's among them, stop with
     * it. Returns once no process is left in the namespace (the engine's container shims included).
     */
    public void stopEngine() {
        engine.stop();
        Waits.until("every process in namespace " + name + " to end with its engine", ENGINE_READY_WITHIN,
                () -> processesInNamespace().isEmpty());
    }

    /** {@code ip netns pids}: what still runs in the namespace this test made. */
    private List<String> processesInNamespace() {
        return Arrays.stream(Scripts.run(List.of("ip", "netns", "pids", name), COMMAND_TIMEOUT).stdout().split("\\s+"))
                .filter(pid -> !pid.isBlank()).toList();
    }

    /** A docker CLI command against the second engine. */
    public List<String> docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + socket()));
        command.addAll(List.of(args));
        return command;
    }

    /** A command run inside the namespace (network only; the file system is this machine's). */
    public List<String> inNamespace(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + name));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        close();
        List<String> left = new ArrayList<>();
        if (Files.exists(Path.of("/var/run/netns", name))) {
            left.add("network namespace " + name);
        }
        if (Scripts.run(List.of("ip", "link", "show", name + "a"), COMMAND_TIMEOUT).exitCode() == 0) {
            left.add("interface " + name + "a");
        }
        if (dir != null && Files.exists(dir)) {
            left.add("directory " + dir);
        }
        if (!left.isEmpty()) {
            throw new AssertionError("the second host's clean-up left " + left);
        }
    }

    /** Engine first (it stops its containers), then what is mounted under the directory, the namespace, the link. */
    private synchronized void close() {
        if (engine != null) {
            engine.stop();
        }
        if (namespaceMade) {
            // Anything the engine left running there (a shim of a container it could not stop) is this test's.
            processesInNamespace().forEach(pid -> Scripts.run(List.of("kill", "-9", pid), COMMAND_TIMEOUT));
        }
        if (dir != null) {
            unmountUnder(dir);
            deleteTree(dir);
        }
        if (namespaceMade) {
            Scripts.run(List.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
            namespaceMade = false;
        }
        if (linkMade) {
            // Deleting the namespace deletes its end, and so the pair; this is for a pair never moved there.
            Scripts.run(List.of("ip", "link", "del", name + "a"), COMMAND_TIMEOUT);
            linkMade = false;
        }
    }

    /** Mounts a stopped engine can leave behind (overlay layers, the netns bind of a killed container). */
    private static void unmountUnder(Path dir) {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4]).filter(point -> point.startsWith(dir.toString()))
                    .sorted(Comparator.reverseOrder()).toList();
            for (String point : mounts) {
                Scripts.run(List.of("umount", "-l", point), COMMAND_TIMEOUT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void inNamespace(String... command) {
        sh(inNamespace(List.of(command)).toArray(String[]::new));
    }

    private static void sh(String... command) {
        Scripts.ok(List.of(command), COMMAND_TIMEOUT);
    }

    private static String random(int length) {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
