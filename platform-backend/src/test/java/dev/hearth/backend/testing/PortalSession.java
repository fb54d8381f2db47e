package dev.hearth.backend.testing;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser session without a browser: signs in through the real Keycloak login form (the portal's
 * authorization-code flow) and keeps the cookies it was given, the OIDC session and the CSRF cookie.
 * For tests of what a page route does with a session cookie; the {@code *BrowserIT}s drive Chromium.
 */
public final class PortalSession {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final URI app;
    private final Jar cookies = new Jar();
    private final HttpClient http;

    private PortalSession(URI app) {
        this.app = app;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs {@code user} in (password = user name, as in the dev realm) and returns the session. */
    public static PortalSession signIn(URI app, String user) {
        PortalSession session = new PortalSession(app);
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(app.resolve("/signin")).GET());
        Matcher form = LOGIN_FORM.matcher(login.body());
        if (!form.find()) {
            throw new IllegalStateException("no Keycloak login form at " + login.uri() + ": HTTP " + login.statusCode());
        }
        String action = form.group(1).replace("&amp;", "&");
        HttpResponse<String> back = session.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(user) + "&password=" + enc(user)
                        + "&credentialId=")));
        if (back.statusCode() != 200 || !back.uri().getPath().equals("/clusters")) {
            throw new IllegalStateException("signing in " + user + " ended at " + back.uri() + ": HTTP " + back.statusCode());
        }
        return session;
    }

    /** The value of the portal's double-submit CSRF cookie, for the {@code X-CSRF-Token} header. */
    public String csrfToken() {
        return Optional.ofNullable(cookies.byHost.getOrDefault(app.getHost(), Map.of()).get("hearth-csrf"))
                .orElseThrow(() -> new IllegalStateException("no hearth-csrf cookie in the session"));
    }

    /** The {@code Cookie} header a browser would send with this session, for clients of its own (SSE). */
    public String cookieHeader() {
        return cookies.get(app, Map.of()).getOrDefault("Cookie", List.of("")).getFirst();
    }

    /** A request on the portal with this session's cookies; redirects are not followed. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(app.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    /** A client that sends this session's cookies and follows no redirect (HTTP/1.1, as a browser's first request). */
    public HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends with the session's cookies, without following redirects; the body is read as text. */
    public HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Cookies by host and name. Java's CookieManager never sends a {@code Secure} cookie over http,
     * while Keycloak marks its login cookies so and browsers treat localhost as a secure origin.
     */
    private static final class Jar extends CookieHandler {

        final Map<String, Map<String, String>> byHost = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            Map<String, String> cookies = byHost.getOrDefault(uri.getHost(), Map.of());
            if (cookies.isEmpty()) {
                return Map.of();
            }
            return Map.of("Cookie", List.of(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
                if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
                    for (String value : values) {
                        for (HttpCookie cookie : HttpCookie.parse(value)) {
                            Map<String, String> host = byHost.computeIfAbsent(uri.getHost(), h -> new ConcurrentHashMap<>());
                            if (cookie.getMaxAge() == 0) {
                                host.remove(cookie.getName());
                            } else {
                                host.put(cookie.getName(), cookie.getValue());
                            }
                        }
                    }
                }
            });
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
