package dev.hearth.backend.apps;

import java.util.List;
import java.util.Map;

/**
 * A request for an app, as the browser or API client sent it minus what belongs to the portal.
 *
 * @param method the HTTP method
 * @param path the path inside the app, starting with {@code /}, still percent-encoded
 * @param rawQuery the query string without {@code ?}, or null
 * @param headers the request headers to pass on (only those {@link AppRequests} lets through)
 * @param body the request body
 */
public record AppRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public AppRequest {
        headers = Map.copyOf(headers);
    }
}
