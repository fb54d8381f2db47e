package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code ticker} demo module ({@code src/test/wasm/ticker}): a pod that prints {@code tick <n>
 * <unix-nanos>} {@code lines} times, every {@code intervalMillis}, after {@code delayMillis}. Its line
 * {@code n} is its log stream's seq {@code n}, so a reader can tell a lost line from a repeated one.
 */
final class Ticker {

    private Ticker() {
    }

    /** Its pod manifest under the name {@code pod}, in target/tmp. */
    static Path manifest(String pod, int lines, int intervalMillis, int delayMillis) {
        try {
            String yaml = Files.readString(DemoModules.manifest("ticker/pod.yaml"))
                    .replace("name: ticker\nspec:", "name: " + pod + "\nspec:")
                    .replace("args: [\"50\", \"100\"]",
                            "args: [\"" + lines + "\", \"" + intervalMillis + "\", \"" + delayMillis + "\"]");
            return Files.writeString(Files.createTempFile(RunPaths.target("tmp"), pod, ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ticker's own time in a line {@code tick <n> <unix-nanos>}. */
    static long writtenAt(String line) {
        return Long.parseLong(parts(line)[2]);
    }

    /** The line's number {@code n}. */
    static long number(String line) {
        return Long.parseLong(parts(line)[1]);
    }

    /**
     * What a reader who got {@code received} lost and repeated of a ticker's {@code lines} lines: the
     * missing numbers, the repeated ones, and lines whose seq is not their number.
     */
    static String lossAndRepeats(List<SseLogClient.Received> received, int lines) {
        boolean[] seen = new boolean[lines];
        StringBuilder repeated = new StringBuilder();
        StringBuilder misnumbered = new StringBuilder();
        for (SseLogClient.Received line : received) {
            long n = number(line.text());
            if (n != line.seq()) {
                misnumbered.append(' ').append(line.seq()).append("->").append(n);
            }
            if (n < 0 || n >= lines) {
                misnumbered.append(" out-of-range:").append(n);
            } else if (seen[(int) n]) {
                repeated.append(' ').append(n);
            } else {
                seen[(int) n] = true;
            }
        }
        StringBuilder lost = new StringBuilder();
        for (int n = 0; n < lines; n++) {
            if (!seen[n]) {
                lost.append(' ').append(n);
            }
        }
        return "lost:" + lost + "; repeated:" + repeated + "; seq differing from the line's number:" + misnumbered;
    }

    private static String[] parts(String line) {
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[0].equals("tick")) {
            throw new AssertionError("not a ticker line: " + line);
        }
        return parts;
    }
}
