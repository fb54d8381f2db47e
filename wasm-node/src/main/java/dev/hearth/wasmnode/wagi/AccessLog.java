package dev.hearth.wasmnode.wagi;

import dev.hearth.wasmnode.wasi.ConsoleLine;
import dev.hearth.wasmnode.wasi.ConsoleSink;
import dev.hearth.wasmnode.wasi.StdStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes one line per request to the pod's log in the Common Log Format web servers use, plus the
 * time taken, e.g. {@code 10.0.0.2 - - [03/Dec/2026:09:40:01 +0000] "GET /hello?x=1 HTTP/1.1" 200 27 3ms}
 * — so {@code kubectl logs} of an app pod reads like a web server's access log.
 */
final class AccessLog {

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ConsoleSink log;

    AccessLog(ConsoleSink log) {
        this.log = log;
    }

    void record(String remote, Instant start, String method, String target, int status, long bytes, Duration took) {
        // The request target is the client's text: control characters would forge log lines.
        String safeTarget = target.replaceAll("[\\p{Cntrl}\"]", "?");
        log.accept(new ConsoleLine(StdStream.STDOUT, remote + " - - [" + CLF.format(start) + "] \"" + method + " "
                + safeTarget + " HTTP/1.1\" " + status + " " + bytes + " " + took.toMillis() + "ms"));
    }
}
