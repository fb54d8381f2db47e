package dev.hearth.wasmnode.wagi;

import java.util.Optional;

/**
 * A path a WAGI module answers, as WAGI and Krustlet's WAGI provider wrote them: {@code /hello} matches
 * that path only, {@code /hello/...} that path and everything under it ({@code /...} matches all).
 *
 * @param pattern the route as written
 */
public record WagiRoute(String pattern) {

    private static final String WILDCARD = "/...";

    public static final WagiRoute ALL = new WagiRoute(WILDCARD);

    public WagiRoute {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a WAGI route starts with '/', got '" + pattern + "'");
        }
    }

    /**
     * How {@code path} splits into the CGI {@code SCRIPT_NAME} (the route's fixed part) and {@code PATH_INFO}
     * (the rest); empty when the route does not match it.
     */
    public Optional<Match> match(String path) {
        if (pattern.endsWith(WILDCARD)) {
            String prefix = pattern.substring(0, pattern.length() - WILDCARD.length());
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(new Match(prefix, path.substring(prefix.length())));
            }
            return Optional.empty();
        }
        return path.equals(pattern) ? Optional.of(new Match(pattern, "")) : Optional.empty();
    }

    /** @param scriptName the matched route's fixed part; @param pathInfo what follows it */
    public record Match(String scriptName, String pathInfo) {}
}
