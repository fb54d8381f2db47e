package dev.hearth.backend.portal;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The double-submit CSRF token of the current request: the value of the {@code hearth-csrf} cookie,
 * or a fresh one when the browser has none yet. Pages render it into {@code hx-headers}
 * ({@code {inject:csrf.token}}), so every htmx request sends it back as a header that a
 * cross-site form cannot forge.
 *
 * <p>Quarkus REST's own CSRF extension is not published for the platform version Hearth pins, so the
 * check is done here (see {@link CsrfFilter}).
 */
@Named("csrf")
@RequestScoped
public class CsrfToken {

    static final String COOKIE = "hearth-csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private String value;
    private boolean fresh;

    /** The token pages render into {@code hx-headers}. */
    public String token() {
        if (value == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            fresh = true;
        }
        return value;
    }

    /** Takes over the browser's cookie value, ignoring anything that is not a token we could have issued. */
    void adopt(String cookieValue) {
        if (cookieValue != null && WELL_FORMED.matcher(cookieValue).matches()) {
            value = cookieValue;
        }
    }

    /** The browser's token, or null when it sent none. */
    String sent() {
        return fresh ? null : value;
    }

    /** Whether this response must set the cookie: the browser had none, and a page will carry the token. */
    boolean isFresh() {
        return fresh;
    }
}
