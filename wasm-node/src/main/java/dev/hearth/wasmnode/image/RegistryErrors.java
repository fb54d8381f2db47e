package dev.hearth.wasmnode.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a registry's error body (distribution spec, "Error Codes": {@code {"errors": [{"code",
 * "message", "detail"}]}}) into the words a pod status shows, and maps HTTP statuses to the kinds
 * of failure the kubelet tells apart.
 */
final class RegistryErrors {

    private RegistryErrors() {}

    /** The registry's own message, e.g. {@code manifest unknown}; the body's start when it is no error document. */
    static String message(int status, byte[] body) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode root = Manifest.JSON.readTree(body);
            if (root != null) {
                root.path("errors").forEach(error -> {
                    String text = error.path("message").asText(error.path("code").asText(""));
                    if (!text.isEmpty()) {
                        messages.add(text);
                    }
                });
            }
        } catch (IOException e) {
            // Not JSON: fall back to the text below.
        }
        if (!messages.isEmpty()) {
            return String.join("; ", messages);
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "HTTP " + status : text;
    }

    static ImagePullException.Kind kind(int status) {
        return switch (status) {
            case 401, 403 -> ImagePullException.Kind.UNAUTHORIZED;
            case 404 -> ImagePullException.Kind.NOT_FOUND;
            default -> status >= 500 || status == 429 ? ImagePullException.Kind.UNREACHABLE : ImagePullException.Kind.INVALID;
        };
    }
}
