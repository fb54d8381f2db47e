package dev.hearth.backend.apps;

import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an app's answer into the portal's response (docs/security.md, "Web apps"). Apps are served on
 * the portal's origin, so the app is treated as hostile to it:
 * <ul>
 * <li>only content headers and the app's own {@code X-*} headers pass; never {@code Set-Cookie} (an app
 *     could otherwise overwrite or shadow the portal's session and CSRF cookies), {@code Clear-Site-Data},
 *     CORS, HSTS or framing headers;</li>
 * <li>a {@code Content-Security-Policy} with {@code sandbox} (without {@code allow-same-origin}) makes the
 *     browser run the app's page in an opaque origin: its script can neither read the portal's cookies
 *     and storage nor call the portal's pages with the visitor's session;</li>
 * <li>{@code nosniff}, so a body the app calls text is never run as script.</li>
 * </ul>
 */
final class AppResponses {

    /** The app's page runs sandboxed: scripts and forms work, but never as the portal's origin. */
    static final String CONTENT_SECURITY_POLICY = "sandbox allow-scripts allow-forms allow-popups allow-modals; "
            + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final Set<String> PASSED = Set.of("content-type", "content-language", "content-disposition",
            "location", "cache-control", "expires", "etag", "last-modified", "vary");
    private static final Set<String> NEVER = Set.of("x-frame-options", "x-content-type-options", "x-xss-protection",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto");

    private AppResponses() {}

    static Response toResponse(AppResponse answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        answer.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (PASSED.contains(lower) || (lower.startsWith("x-") && !NEVER.contains(lower))) {
                values.forEach(value -> response.header(name, value));
            }
        });
        if (answer.headers().keySet().stream().noneMatch("cache-control"::equalsIgnoreCase)) {
            // A page reached through someone's session or share link is not for shared caches.
            response.header("Cache-Control", "private, no-store");
        }
        return response
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
