package dev.hearth.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process of the system under test (a backend or an agent), its output appended to a log file
 * under {@code target/logs}. It can be started again after a stop or a kill, with a marker line in the
 * log, so one file tells the whole story of that process. Stopping is safe to call twice.
 */
final class ManagedProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    private int starts;

    ManagedProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is running already (pid " + process.pid() + ")");
        }
        starts++;
        mark("start #" + starts + ": " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Its settings are the -D properties on its command line only: a HEARTH_* or QUARKUS_* variable
        // of the shell that ran the tests (./hearth exports some) must not configure it behind our back.
        builder.environment().keySet().removeIf(name -> name.startsWith("HEARTH_") || name.startsWith("QUARKUS_"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + name + ": " + String.join(" ", command), e);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hooks, no goodbye to the backend, whatever it was doing cut short. */
    synchronized void kill() {
        if (!alive()) {
            return;
        }
        mark("kill -9 (pid " + process.pid() + ")");
        process.destroyForcibly(); // SIGKILL on Linux
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, as an operator's stop; SIGKILL if it has not exited within the grace period. */
    synchronized void stop() {
        if (!alive()) {
            return;
        }
        mark("stop (SIGTERM, pid " + process.pid() + ")");
        process.destroy();
        if (!awaitExit(STOP_GRACE)) {
            mark("did not stop within " + STOP_GRACE.toSeconds() + " s; kill -9");
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
    }

    /** The last {@code lines} lines of its log, for failure messages. */
    String tail(int lines) {
        Deque<String> last = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
        return String.join("\n", last);
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void mark(String what) {
        try {
            Files.writeString(log, "===== [system-tests " + Instant.now() + "] " + name + ": " + what + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + log, e);
        }
    }
}
