package dev.hearth.wasmnode.wagi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one WAGI request may take on the node (docs/wasm-node.md, "Web apps"). A participant is a
 * hostile cluster-admin of their cluster, so these are the node's, read from its environment; a pod
 * may only lower its request time limit (annotation {@value #TIMEOUT_ANNOTATION}), never raise it.
 *
 * @param timeout how long one request's module may run before it is stopped and the client gets 504
 * @param maxBodyBytes the largest request body; a larger one gets 413 without the module running
 * @param maxOutputBytes the most a module may write to stdout for one response; past it the module is
 *     stopped and the client gets 502, so a module writing without end costs the node this much at most
 * @param concurrency requests one pod's container serves at once; more get 503 at once
 */
public record WagiLimits(Duration timeout, long maxBodyBytes, long maxOutputBytes, int concurrency) {

    /** Pod annotation: the request time limit in seconds, at most the node's. */
    public static final String TIMEOUT_ANNOTATION = "wagi.hearth.dev/timeout-seconds";

    public static final WagiLimits DEFAULT = new WagiLimits(Duration.ofSeconds(10), 1024 * 1024, 8 * 1024 * 1024, 4);

    public WagiLimits {
        if (timeout.isNegative() || timeout.isZero() || maxBodyBytes < 0 || maxOutputBytes < 1 || concurrency < 1) {
            throw new IllegalArgumentException("WAGI limits must be positive: " + timeout + ", " + maxBodyBytes + ", "
                    + maxOutputBytes + ", " + concurrency);
        }
    }

    /** {@code HEARTH_WAGI_TIMEOUT_SECONDS}, {@code _MAX_BODY_BYTES}, {@code _MAX_OUTPUT_BYTES}, {@code _CONCURRENCY}. */
    public static WagiLimits fromEnvironment(Function<String, String> env) {
        return new WagiLimits(Duration.ofSeconds(number(env, "HEARTH_WAGI_TIMEOUT_SECONDS", DEFAULT.timeout.toSeconds())),
                number(env, "HEARTH_WAGI_MAX_BODY_BYTES", DEFAULT.maxBodyBytes),
                number(env, "HEARTH_WAGI_MAX_OUTPUT_BYTES", DEFAULT.maxOutputBytes),
                (int) number(env, "HEARTH_WAGI_CONCURRENCY", DEFAULT.concurrency));
    }

    /**
     * These limits for a pod with {@code annotations}: its own timeout when lower than the node's.
     *
     * @throws IllegalArgumentException naming the annotation when its value is not a positive number
     */
    public WagiLimits forPod(Map<String, String> annotations) {
        Optional<String> value = Optional.ofNullable(annotations).map(all -> all.get(TIMEOUT_ANNOTATION));
        if (value.isEmpty()) {
            return this;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("annotation " + TIMEOUT_ANNOTATION + " must be a whole number of seconds"
                    + " above 0, got '" + value.get() + "'");
        }
        Duration wanted = Duration.ofSeconds(seconds);
        return wanted.compareTo(timeout) < 0 ? new WagiLimits(wanted, maxBodyBytes, maxOutputBytes, concurrency) : this;
    }

    private static long number(Function<String, String> env, String name, long otherwise) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
