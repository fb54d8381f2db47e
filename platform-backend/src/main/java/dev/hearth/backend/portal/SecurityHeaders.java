package dev.hearth.backend.portal;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The browser-side hardening headers on every answer, pages, assets and API alike (docs/security.md,
 * "Browser and API tokens"). The portal's templates have no inline script, style or event handler
 * (htmx's own indicator style is switched off in layout.html), so the policy allows only the portal's
 * own origin; a framing page, a sniffed content type or a leaked path in a Referer gets nothing.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'");
    /**
     * The terminal pages only (docs/security.md, "Terminal"): xterm.js renders into style elements it
     * makes at run time (its cell sizes and colours), which {@code style-src 'self'} would block. Scripts
     * stay the portal's own; the pages show nothing of another person but the terminal itself.
     */
    static final String TERMINAL_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'");
    private static final java.util.regex.Pattern TERMINAL_PAGE = java.util.regex.Pattern.compile(
            "^/(clusters/[^/]+|classrooms/[^/]+/seats/[^/]+)/terminal$");

    /** Two years, as browsers' preload lists ask; only ever sent over https (RFC 6797 §7.2). */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

    void install(@Observes Router router) {
        // Before every other route (security, JAX-RS, static resources), so redirects and errors carry them too.
        router.route().order(Integer.MIN_VALUE).handler(this::add);
    }

    private void add(RoutingContext context) {
        HttpServerResponse response = context.response();
        String path = context.normalizedPath();
        response.putHeader("Content-Security-Policy",
                        TERMINAL_PAGE.matcher(path).matches() ? TERMINAL_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin");
        if (overHttps(context.request().scheme())) {
            response.putHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        context.next();
    }

    /** The scheme the browser used; behind a proxy, Quarkus' proxy-address forwarding sets it from X-Forwarded-Proto. */
    static boolean overHttps(String scheme) {
        return "https".equalsIgnoreCase(scheme);
    }
}
