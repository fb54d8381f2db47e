package dev.hearth.system;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code kubectl get pods -A -w} on one node, each line stamped when it arrives: when a user would see
 * a pod change, to the millisecond, without polling. For the benchmark; closing ends the process.
 */
final class PodWatch implements AutoCloseable {

    /** A line of the watch ({@code NAMESPACE NAME READY STATUS RESTARTS AGE}) and its arrival ({@link System#nanoTime}). */
    record Line(long nanos, String namespace, String name, String status) {
    }

    private final Process process;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    private PodWatch(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("pod-watch").start(this::read);
    }

    static PodWatch onNode(Kubectl kubectl, String node) {
        try {
            return new PodWatch(new ProcessBuilder(kubectl.command("get", "pods", "-A", "--watch", "--no-headers",
                    "--field-selector", "spec.nodeName=" + node))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start());
        } catch (IOException e) {
            throw new IllegalStateException("failed to start kubectl get pods --watch", e);
        }
    }

    /** The next line that matches, waiting at most {@code timeout}; lines before it are dropped. */
    Line await(String what, Duration timeout, Predicate<Line> matches) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Line line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                            + (process.isAlive() ? "" : "; kubectl --watch exited " + process.exitValue()));
                }
                if (matches.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                long now = System.nanoTime();
                String[] columns = text.strip().split("\\s+");
                if (columns.length >= 4) {
                    lines.add(new Line(now, columns[0], columns[1], columns[3]));
                }
            }
        } catch (IOException e) {
            // The process ended (closed): nothing more to read.
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
