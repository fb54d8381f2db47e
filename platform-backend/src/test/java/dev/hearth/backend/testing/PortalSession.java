package dev.hearth.backend.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session cookie without a browser: the real authorization-code flow through the real
 * Keycloak login form, followed by hand. Page routes then see exactly what a signed-in browser sends,
 * including the CSRF header that {@code hearth.js} adds to unsafe requests.
 */
public final class PortalSession {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final CookieManager cookies = new LocalhostCookies();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI app;

    private PortalSession(URI app) {
        this.app = app;
    }

    /** Signs {@code user} (password = user name, the dev realm) in at {@code app}, e.g. {@code http://localhost:8081}. */
    public static PortalSession signIn(URI app, String user) {
        PortalSession session = new PortalSession(app);
        session.login(user);
        return session;
    }

    public HttpClient client() {
        return http;
    }

    /** The value hearth.js sends as {@code X-CSRF-Token}: the {@code hearth-csrf} cookie. */
    public String csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("hearth-csrf"))
                .map(HttpCookie::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("no hearth-csrf cookie after signing in"));
    }

    private void login(String user) {
        HttpResponse<String> toKeycloak = get(app.resolve("/clusters"));
        String loginPage = follow(toKeycloak, 5).body();
        Matcher action = FORM_ACTION.matcher(loginPage);
        if (!action.find()) {
            throw new IllegalStateException("no Keycloak login form on the sign-in page:\n" + loginPage);
        }
        String form = "username=" + enc(user) + "&password=" + enc(user) + "&credentialId=";
        HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        HttpResponse<String> signedIn = follow(back, 5);
        if (signedIn.statusCode() != 200 || !signedIn.uri().getPath().equals("/clusters")) {
            throw new IllegalStateException("signing in " + user + " ended at " + signedIn.uri() + " with HTTP "
                    + signedIn.statusCode());
        }
    }

    private HttpResponse<String> follow(HttpResponse<String> response, int hops) {
        HttpResponse<String> current = response;
        for (int i = 0; i < hops && current.statusCode() / 100 == 3; i++) {
            current = get(current.uri().resolve(current.headers().firstValue("Location").orElseThrow()));
        }
        return current;
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keycloak marks its cookies {@code Secure}; browsers send those to {@code http://localhost} (a
     * secure context), Java's cookie manager does not. This one behaves like a browser on localhost.
     */
    private static final class LocalhostCookies extends CookieManager {

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            Map<String, List<String>> relaxed = new HashMap<>();
            headers.forEach((name, values) -> relaxed.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList() : values));
            super.put(uri, relaxed);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
