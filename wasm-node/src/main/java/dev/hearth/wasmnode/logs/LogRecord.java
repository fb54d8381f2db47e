package dev.hearth.wasmnode.logs;

import dev.hearth.wasmnode.wasi.StdStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One line of a container log file, in the CRI logging format the kubelet reads
 * ({@code <RFC 3339 time> <stream> F <text>}), so the files look the same as any node's
 * {@code /var/log/pods} to someone debugging on the node.
 *
 * @param time when the module wrote the line
 * @param stream stdout or stderr
 * @param text the line, without its newline
 */
public record LogRecord(Instant time, StdStream stream, String text) {

    /** The line as stored, newline included. */
    public String format() {
        return DateTimeFormatter.ISO_INSTANT.format(time) + " " + stream.logName() + " F " + text + "\n";
    }

    /** Reads a stored line (without its newline); empty when it is not one. */
    public static Optional<LogRecord> parse(String line) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
        if (third < 0) {
            return Optional.empty();
        }
        try {
            Instant time = Instant.parse(line.substring(0, first));
            StdStream stream = line.substring(first + 1, second).equals("stderr") ? StdStream.STDERR : StdStream.STDOUT;
            return Optional.of(new LogRecord(time, stream, line.substring(third + 1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
