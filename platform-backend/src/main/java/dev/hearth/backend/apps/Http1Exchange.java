package dev.hearth.backend.apps;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 exchange as bytes, for the app tunnel (a TCP stream to the app, docs/portal.md "Web
 * apps"): the request is written whole with {@code Connection: close}, so the app's answer ends where
 * the app closes the connection, and the answer is read from what arrived by then. Only what the app
 * proxy needs: a status line, headers, and a body by {@code Content-Length}, {@code chunked} or to the end.
 */
final class Http1Exchange {

    private Http1Exchange() {
    }

    /** The request's bytes; {@code host} is the Service's name (the app sees it as {@code HTTP_HOST}). */
    static byte[] request(AppRequest request, String host) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.path());
        if (request.rawQuery() != null) {
            head.append('?').append(request.rawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nConnection: close\r\n");
        request.headers().forEach((name, values) -> {
            // AppRequests let only harmless headers through; framing is this class's, never the caller's.
            if (!isFraming(name)) {
                values.forEach(value -> head.append(name).append(": ").append(clean(value)).append("\r\n"));
            }
        });
        boolean bodyless = request.body().length == 0 && (request.method().equals("GET") || request.method().equals("HEAD"));
        if (!bodyless) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + request.body().length);
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(request.body());
        return bytes.toByteArray();
    }

    /**
     * The answer in {@code bytes}, everything the app sent before closing the connection.
     *
     * @return empty when the bytes are not a whole HTTP/1.1 response (a status line and headers, and as
     *         much body as they announce)
     */
    static Optional<AppResponse> response(byte[] bytes, boolean head) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            return Optional.empty();
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            return Optional.empty();
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        int from = end + 4;
        if (head || code == 204 || code == 304 || code / 100 == 1) {
            return Optional.of(new AppResponse(code, headers, new byte[0]));
        }
        Optional<byte[]> body;
        if (value(headers, "Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            body = chunked(bytes, from);
        } else {
            Optional<String> declared = value(headers, "Content-Length");
            long length = declared.map(Http1Exchange::length).orElse((long) bytes.length - from);
            body = length < 0 || from + length > bytes.length ? Optional.empty()
                    : Optional.of(Arrays.copyOfRange(bytes, from, (int) (from + length)));
        }
        headers.keySet().removeIf(Http1Exchange::isFraming);
        return body.map(b -> new AppResponse(code, headers, b));
    }

    private static Optional<byte[]> chunked(byte[] bytes, int from) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(bytes, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            long length;
            try {
                length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            at = lineEnd + 2;
            if (length == 0) {
                return Optional.of(body.toByteArray());
            }
            if (length < 0 || at + length + 2 > bytes.length) {
                return Optional.empty();
            }
            body.write(bytes, at, (int) length);
            at += (int) length + 2;
        }
    }

    private static long length(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> value(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst()).findFirst();
    }

    private static boolean isFraming(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te", "trailer" -> true;
            default -> false;
        };
    }

    /** A header value cannot end the line it is on (a request cannot be smuggled into the stream). */
    private static String clean(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
