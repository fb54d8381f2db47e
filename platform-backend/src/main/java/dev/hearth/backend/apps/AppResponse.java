package dev.hearth.backend.apps;

import java.util.List;
import java.util.Map;

/**
 * What an app answered.
 *
 * @param status its HTTP status
 * @param headers its headers, as it sent them
 * @param body its body
 */
public record AppResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public AppResponse {
        headers = Map.copyOf(headers);
    }
}
