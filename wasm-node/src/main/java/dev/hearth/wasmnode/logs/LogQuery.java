package dev.hearth.wasmnode.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@code kubectl logs} asks the kubelet for — the {@code PodLogOptions} the API server passes on
 * as query parameters of {@code /containerLogs/{namespace}/{pod}/{container}}.
 *
 * @param follow keep sending lines as the container writes them, until its run ends
 * @param tailLines only the last this many lines (before following)
 * @param timestamps put each line's RFC 3339 time in front of it
 * @param since only lines written at or after this time ({@code sinceSeconds} or {@code sinceTime})
 * @param limitBytes stop after this many bytes
 * @param previous the container's run before the latest
 */
public record LogQuery(boolean follow, OptionalInt tailLines, boolean timestamps, Optional<Instant> since,
        OptionalLong limitBytes, boolean previous) {

    /**
     * Reads the query parameters.
     *
     * @param now the time {@code sinceSeconds} counts back from
     * @throws IllegalArgumentException naming the parameter that is malformed
     */
    public static LogQuery parse(Map<String, List<String>> parameters, Instant now) {
        OptionalLong sinceSeconds = number(parameters, "sinceSeconds", 1);
        Optional<Instant> sinceTime = single(parameters, "sinceTime").map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime must be an RFC 3339 time, got '" + text + "'");
            }
        });
        if (sinceSeconds.isPresent() && sinceTime.isPresent()) {
            throw new IllegalArgumentException("at most one of sinceTime or sinceSeconds may be given");
        }
        OptionalLong tail = number(parameters, "tailLines", 0);
        return new LogQuery(
                flag(parameters, "follow"),
                tail.isPresent() ? OptionalInt.of((int) Math.min(tail.getAsLong(), Integer.MAX_VALUE)) : OptionalInt.empty(),
                flag(parameters, "timestamps"),
                sinceSeconds.isPresent() ? Optional.of(now.minusSeconds(sinceSeconds.getAsLong())) : sinceTime,
                number(parameters, "limitBytes", 1),
                flag(parameters, "previous"));
    }

    private static Optional<String> single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    private static boolean flag(Map<String, List<String>> parameters, String name) {
        return single(parameters, name).map(value -> switch (value.toLowerCase()) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        }).orElse(false);
    }

    private static OptionalLong number(Map<String, List<String>> parameters, String name, long minimum) {
        Optional<String> value = single(parameters, name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long number = Long.parseLong(value.get());
            if (number < minimum) {
                throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + number);
            }
            return OptionalLong.of(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value.get() + "'");
        }
    }
}
