package dev.hearth.backend.portal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Double-submit-cookie CSRF protection for everything a browser session can change: every unsafe
 * request to a page route must carry the {@code X-CSRF-Token} header equal to the {@code hearth-csrf}
 * cookie, whatever other headers it has (pages authenticate by the session cookie only, so an
 * {@code Authorization} header proves nothing there). {@code /api/*} authenticates by bearer tokens
 * only, never by a cookie, so it carries no ambient credential to protect and is not checked.
 */
public class CsrfFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CsrfToken csrf;

    public CsrfFilter(CsrfToken csrf) {
        this.csrf = csrf;
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        Map<String, Cookie> cookies = request.getCookies();
        Cookie cookie = cookies.get(CsrfToken.COOKIE);
        csrf.adopt(cookie == null ? null : cookie.getValue());
        if (SAFE_METHODS.contains(request.getMethod()) || isApi(request) || isSharedApp(request)) {
            return Optional.empty();
        }
        String expected = csrf.sent();
        String sent = request.getHeaderString(CsrfToken.HEADER);
        if (expected != null && sent != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.FORBIDDEN)
                .type("application/problem+json")
                .entity(Map.of(
                        "type", URI.create("https://hearth.dev/problems/csrf").toString(),
                        "title", "Security token missing or out of date",
                        "status", 403,
                        "detail", "This page's security token is missing or out of date. Reload the page and try again."))
                .build());
    }

    /** A web app opened by share link: its token is in the URL, the request carries no ambient credential. */
    private static boolean isSharedApp(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("/shared-apps/");
    }

    private static boolean isApi(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("/api/");
    }

    /**
     * Sets the cookie on a page answer when the browser has none yet. The token is drawn here, not
     * when the template prints it: templates render after response filters have run.
     */
    @ServerResponseFilter
    public void issue(ContainerRequestContext request, ContainerResponseContext response) {
        // Only browser sessions need it: API calls never do.
        if (isApi(request)) {
            return;
        }
        csrf.token();
        if (!csrf.isFresh()) {
            return;
        }
        boolean https = "https".equals(request.getUriInfo().getRequestUri().getScheme());
        NewCookie cookie = new NewCookie.Builder(CsrfToken.COOKIE)
                .value(csrf.token())
                .path("/")
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
        response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie);
    }
}
