package dev.hearth.backend.apps;

import dev.hearth.backend.problem.ValidationProblem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the parts of an app URL before anything is sent to a cluster. The request goes to the
 * cluster's API server with admin credentials (and, through a share link, on behalf of someone who is
 * not the owner), so the path must stay inside the app: no {@code .}/{@code ..} segment and no encoded
 * slash or backslash that the API server could resolve to one of its other endpoints.
 */
final class AppAddress {

    /** A Kubernetes namespace or Service name (an RFC 1123 label). */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private AppAddress() {}

    static void requireName(String field, String value) {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw ValidationProblem.of(field, "must be a Kubernetes name (lower-case letters, digits and '-', at most 63), got '"
                    + (value == null ? "" : value) + "'");
        }
    }

    /**
     * The app path ({@code /} when empty) from the raw request path after the app's prefix.
     *
     * @throws ValidationProblem naming {@code path} when it would leave the app
     */
    static String path(String rawRest) {
        String path = rawRest == null || rawRest.isEmpty() ? "/" : rawRest;
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || path.contains("\\")) {
            throw ValidationProblem.of("path", "an encoded '/' or '\\' cannot be passed to an app");
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ValidationProblem.of("path", "malformed percent-encoding");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw ValidationProblem.of("path", "'.' and '..' segments cannot be passed to an app");
            }
        }
        return path;
    }
}
