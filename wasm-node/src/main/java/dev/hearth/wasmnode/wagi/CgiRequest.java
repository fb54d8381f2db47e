package dev.hearth.wasmnode.wagi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP request as a WAGI module sees it: the CGI/1.1 meta-variables (RFC 3875 §4.1) plus WAGI's
 * {@code X_MATCHED_ROUTE}, {@code X_FULL_URL} and {@code X_RAW_PATH_INFO}; the body goes on stdin.
 *
 * @param method the request method
 * @param rawPath the path as sent, still percent-encoded
 * @param query the query string without {@code ?}, empty when none
 * @param headers the request headers (names in any case)
 * @param remoteAddress the client's address (for a service-proxied request: the API server's)
 * @param serverName the {@code Host} the client asked for, without port
 * @param serverPort the port the request came in on
 * @param contentLength the body's length
 */
public record CgiRequest(String method, String rawPath, String query, Map<String, List<String>> headers,
        String remoteAddress, String serverName, int serverPort, long contentLength) {

    /**
     * Headers not passed as {@code HTTP_*}: credentials meant for whatever sits in front of the app (RFC 3875
     * §4.1.18 lets a server leave them out), and those CGI gives their own variables.
     */
    private static final Set<String> WITHHELD = Set.of("authorization", "proxy-authorization", "content-type",
            "content-length", "connection");

    /** The environment for a module answering this request on {@code route}, matched as {@code match}. */
    public Map<String, String> environment(WagiRoute route, WagiRoute.Match match) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_SOFTWARE", "hearth-wasm-node");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("SERVER_NAME", serverName);
        env.put("SERVER_PORT", Integer.toString(serverPort));
        env.put("REQUEST_METHOD", method);
        env.put("REQUEST_URI", query.isEmpty() ? rawPath : rawPath + "?" + query);
        env.put("SCRIPT_NAME", match.scriptName());
        env.put("PATH_INFO", decode(match.pathInfo()));
        env.put("X_RAW_PATH_INFO", match.pathInfo());
        env.put("PATH_TRANSLATED", decode(match.pathInfo()));
        env.put("QUERY_STRING", query);
        env.put("REMOTE_ADDR", remoteAddress);
        env.put("REMOTE_HOST", remoteAddress);
        env.put("REMOTE_USER", "");
        env.put("AUTH_TYPE", "");
        env.put("CONTENT_LENGTH", Long.toString(contentLength));
        env.put("CONTENT_TYPE", first("content-type"));
        env.put("X_MATCHED_ROUTE", route.pattern());
        env.put("X_FULL_URL", "http://" + serverName + ":" + serverPort + env.get("REQUEST_URI"));
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!WITHHELD.contains(lower) && validName(lower)) {
                env.put("HTTP_" + lower.toUpperCase(Locale.ROOT).replace('-', '_'), stripNul(String.join(", ", values)));
            }
        });
        return env;
    }

    private String first(String header) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(header) && !entry.getValue().isEmpty())
                .map(entry -> stripNul(entry.getValue().getFirst()))
                .findFirst().orElse("");
    }

    /** Header names become variable names: only tokens of letters, digits and '-' do (no '=' can sneak in). */
    private static boolean validName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    private static String stripNul(String value) {
        return value.replace("\0", "");
    }

    private static String decode(String raw) {
        try {
            return stripNul(java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return stripNul(raw);
        }
    }
}
