package dev.hearth.wasmnode.wagi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A WAGI module's response, parsed from what it wrote to stdout as a CGI program does (RFC 3875 §6):
 * header lines, a blank line, the body. {@code Status: 404 Not Found} sets the status; a
 * {@code Location} without one redirects (302); other headers pass through except those the node
 * owns (framing and connection headers).
 *
 * @param status the HTTP status
 * @param headers the response headers in the order written
 * @param body the body
 */
public record CgiResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** Headers a module may not set: the node frames the response itself. */
    private static final Set<String> NODE_OWNED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "trailer", "te", "status");

    public CgiResponse {
        headers = List.copyOf(headers);
    }

    /**
     * Parses a module's output.
     *
     * @throws CgiException when the output does not start with a CGI header block (no blank line, a line
     *     without ':', a bad {@code Status}), or names neither {@code Content-Type} nor {@code Location}
     */
    public static CgiResponse parse(byte[] output) {
        int end = headerEnd(output);
        if (end < 0) {
            throw new CgiException("the module's output has no CGI header block (header lines, then an empty line)");
        }
        String block = new String(output, 0, end, StandardCharsets.ISO_8859_1);
        int bodyStart = output[end] == '\r' ? end + 4 : end + 2;
        Optional<Integer> status = Optional.empty();
        boolean located = false;
        boolean typed = false;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new CgiException("the module wrote a header line without a name: '" + abbreviate(line) + "'");
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("status")) {
                status = Optional.of(status(value));
            }
            located |= lower.equals("location");
            typed |= lower.equals("content-type");
            if (!NODE_OWNED.contains(lower) && token(name)) {
                headers.add(Map.entry(name, value));
            }
        }
        if (!located && !typed) {
            throw new CgiException("the module's response names neither Content-Type nor Location");
        }
        byte[] body = java.util.Arrays.copyOfRange(output, bodyStart, output.length);
        return new CgiResponse(status.orElse(located ? 302 : 200), headers, body);
    }

    /** Where the header block ends: the index of the blank line's first terminator byte, -1 when none. */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < output.length && output[i] == '\r' && output[i + 1] == '\n' && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int status(String value) {
        String code = value.split(" ", 2)[0];
        try {
            int status = Integer.parseInt(code);
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CgiException("the module's Status header is not an HTTP status: '" + abbreviate(value) + "'");
    }

    private static boolean token(String name) {
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** Output that is not a CGI response; the client gets 502 with this message. */
    public static final class CgiException extends RuntimeException {
        public CgiException(String message) {
            super(message);
        }
    }
}
