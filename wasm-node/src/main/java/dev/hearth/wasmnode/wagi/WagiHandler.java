package dev.hearth.wasmnode.wagi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hearth.wasmnode.wasi.ConsoleSink;
import dev.hearth.wasmnode.wasi.WasiModuleException;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import dev.hearth.wasmnode.wasi.WasiSandboxException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one container's WAGI module: each request instantiates the (already compiled) program afresh
 * with the CGI environment over the container's own sandbox, the body on stdin, and answers with what
 * the module wrote to stdout. Nothing survives between requests, so one request cannot see another's
 * data. Limits per request ({@link WagiLimits}): a body too large is 413 before anything runs, a
 * module past its time is stopped and answered 504, output past its bound 502, and more requests at
 * once than the pod's concurrency 503 — so one bad request never holds the others back longer than
 * its time limit. Each request leaves an access-log line in the pod's log; the module's stderr goes
 * there too.
 */
final class WagiHandler implements HttpHandler {

    /** Chicory's interpreter recurses on the JVM stack, as in {@code ModuleLauncher}. */
    static final long MODULE_STACK_BYTES = 16L * 1024 * 1024;

    private final WasiProgram program;
    private final WasiSandbox sandbox;
    private final WagiRoute route;
    private final WagiLimits limits;
    private final ConsoleSink log;
    private final AccessLog access;
    private final ExecutorService modules;
    private final Semaphore slots;
    private final Clock clock;
    private final WasiRunner runner = new WasiRunner();

    WagiHandler(WasiProgram program, WasiSandbox sandbox, WagiRoute route, WagiLimits limits, ConsoleSink log,
            ExecutorService modules, Clock clock) {
        this.program = program;
        this.sandbox = sandbox;
        this.route = route;
        this.limits = limits;
        this.log = log;
        this.access = new AccessLog(log);
        this.modules = modules;
        this.slots = new Semaphore(limits.concurrency());
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant start = clock.instant();
        try (exchange) {
            Answer answer = answer(exchange);
            // Logged before the answer goes out, so whoever got it finds its line in the pod's log.
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            access.record(exchange.getRemoteAddress().getAddress().getHostAddress(), start, exchange.getRequestMethod(),
                    target, answer.status(), answer.body().length, Duration.between(start, clock.instant()));
            send(exchange, answer);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Optional<WagiRoute.Match> match = route.match(path == null ? "/" : path);
        if (match.isEmpty()) {
            return Answer.problem(404, "Not Found", "this app answers " + route.pattern() + " only");
        }
        long declared = declaredLength(exchange);
        if (declared > limits.maxBodyBytes()) {
            return Answer.problem(413, "Content Too Large", "the request body may be at most " + limits.maxBodyBytes() + " bytes");
        }
        byte[] body = readBounded(exchange.getRequestBody(), limits.maxBodyBytes());
        if (body == null) {
            return Answer.problem(413, "Content Too Large", "the request body may be at most " + limits.maxBodyBytes() + " bytes");
        }
        if (!slots.tryAcquire()) {
            return Answer.problem(503, "Service Unavailable", "the app is already answering its limit of "
                    + limits.concurrency() + " requests at once");
        }
        // The slot is released when the module's thread really ends, not when the client is answered: a
        // module stopped at its time limit still counts until Chicory has noticed the interrupt.
        BoundedOutput stdout = new BoundedOutput(limits.maxOutputBytes());
        CgiRequest request = request(exchange, body.length);
        Slot slot = new Slot();
        Future<WasiOutcome> run;
        try {
            run = modules.submit(() -> {
                slot.started.set(true);
                try {
                    return runner.run(program, sandbox.withEnvironment(request.environment(route, match.get())),
                            new ByteArrayInputStream(body), stdout, log);
                } finally {
                    slot.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            slot.release();
            return Answer.problem(503, "Service Unavailable", "the app is stopping");
        }
        return outcome(run, stdout, slot);
    }

    /** One request's place; released once, by the module's end or by a cancel that kept it from starting. */
    private final class Slot {
        private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

        void release() {
            if (held.compareAndSet(true, false)) {
                slots.release();
            }
        }
    }

    private Answer outcome(Future<WasiOutcome> run, BoundedOutput stdout, Slot slot) {
        WasiOutcome outcome;
        try {
            outcome = run.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            if (!slot.started.get()) {
                // Cancelled before its thread took it: the task never runs, so its finally never releases.
                slot.release();
            }
            return Answer.problem(504, "Gateway Timeout", "the app did not answer within its limit of "
                    + limits.timeout().toSeconds() + " s and was stopped");
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.problem(503, "Service Unavailable", "the app is stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof WasiModuleException || cause instanceof WasiSandboxException
                    ? cause.getMessage() : "the node failed running the module: " + cause;
            return Answer.problem(500, "Internal Server Error", why);
        }
        if (stdout.overflowed()) {
            return Answer.problem(502, "Bad Gateway", "the app's response passed its limit of "
                    + limits.maxOutputBytes() + " bytes and the app was stopped");
        }
        if (outcome instanceof WasiOutcome.Trapped trapped) {
            return Answer.problem(500, "Internal Server Error", "the app trapped: " + trapped.reason());
        }
        if (outcome instanceof WasiOutcome.Interrupted) {
            return Answer.problem(503, "Service Unavailable", "the app was stopped");
        }
        try {
            CgiResponse response = CgiResponse.parse(stdout.toByteArray());
            return new Answer(response.status(), response.headers(), response.body());
        } catch (CgiResponse.CgiException e) {
            int status = ((WasiOutcome.Exited) outcome).status();
            return Answer.problem(502, "Bad Gateway", e.getMessage() + (status == 0 ? "" : " (it exited with " + status + ")"));
        }
    }

    private static CgiRequest request(HttpExchange exchange, long length) {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
        String serverName = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
        String query = exchange.getRequestURI().getRawQuery();
        return new CgiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query == null ? "" : query,
                exchange.getRequestHeaders(), exchange.getRemoteAddress().getAddress().getHostAddress(),
                serverName.isEmpty() ? exchange.getLocalAddress().getAddress().getHostAddress() : serverName,
                exchange.getLocalAddress().getPort(), length);
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The body, or null when it is longer than {@code max} (a chunked body declares no length). */
    private static byte[] readBounded(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || answer.status() == 204 || answer.status() == 304;
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length == 0 ? -1 : answer.body().length);
        if (!noBody && answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    /** What the client gets. */
    record Answer(int status, java.util.List<java.util.Map.Entry<String, String>> headers, byte[] body) {

        /** An error of the node's own, as RFC 9457 problem details. */
        static Answer problem(int status, String title, String detail) {
            String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":"
                    + quote(detail) + "}";
            return new Answer(status, java.util.List.of(java.util.Map.entry("Content-Type", "application/problem+json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        private static String quote(String text) {
            StringBuilder quoted = new StringBuilder("\"");
            text.chars().forEach(c -> {
                if (c == '"' || c == '\\') {
                    quoted.append('\\').append((char) c);
                } else if (c < 0x20) {
                    quoted.append(String.format("\\u%04x", c));
                } else {
                    quoted.append((char) c);
                }
            });
            return quoted.append('"').toString();
        }
    }
}
