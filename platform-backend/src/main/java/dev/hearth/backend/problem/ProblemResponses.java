package dev.hearth.backend.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem+json responses, so every error body has the same shape (RFC 9457). */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(ProblemException e, String instance) {
        Response response = of(e.toProblem(instance));
        e.retryAfterSeconds().ifPresent(seconds -> response.getHeaders().putSingle("Retry-After", Long.toString(seconds)));
        return response;
    }

    public static Response of(int status, String slug, String title, String detail, String instance) {
        return of(new Problem(Problem.type(slug), title, status, detail, instance, List.of()));
    }

    public static Response of(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"hearth\"");
        }
        return builder.build();
    }

    /** Problem JSON for places outside JAX-RS (Vert.x routes), where no Jackson writer is at hand. */
    public static String json(int status, String slug, String title, String detail, String instance) {
        return "{\"type\":\"" + Problem.type(slug) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\"" + escape(instance) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
