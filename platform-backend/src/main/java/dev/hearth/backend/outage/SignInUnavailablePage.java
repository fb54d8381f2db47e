package dev.hearth.backend.outage;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A browser that is not signed in and opens a page is sent to Keycloak to sign in. When Keycloak does
 * not answer, that redirect would end on the browser's own "connection refused" page; instead Hearth
 * answers 503 with a page of its own that says sign-in is unavailable and what still works (sessions
 * already open, API tokens). Runs before authentication, so the redirect is never made.
 */
@ApplicationScoped
public class SignInUnavailablePage {

    private static final Logger LOG = Logger.getLogger(SignInUnavailablePage.class);
    /** Not pages, or public ones: left to their own handling. */
    private static final List<String> NOT_SIGN_IN = List.of("/api/", "/q/", "/static/", "/webjars/", "/agent/", "/favicon.ico");
    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign-in unavailable · Hearth</title>
              <link rel="stylesheet" href="/static/css/hearth.css">
            </head>
            <body>
              <main id="main">
                <h1>Sign-in is unavailable right now</h1>
                <p>Hearth cannot reach its sign-in service (Keycloak), so it cannot sign you in at the moment.</p>
                <ul>
                  <li>If you are already signed in in another tab, that session keeps working.</li>
                  <li>Scripts and tools that use an API token (<code>Authorization: Bearer hth_…</code>) keep working.</li>
                  <li>Your clusters keep running.</li>
                </ul>
                <p>Try again in a minute: <a href="">reload this page</a>.</p>
              </main>
            </body>
            </html>
            """;

    private final SignInAvailability signIn;

    public SignInUnavailablePage(SignInAvailability signIn) {
        this.signIn = signIn;
    }

    void install(@Observes Router router) {
        // Right after the body handler: before the authentication handlers that would redirect.
        router.route().order(Integer.MIN_VALUE + 2).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!wouldSignIn(ctx)) {
            ctx.next();
            return;
        }
        signIn.reachable().onComplete(up -> {
            if (up.succeeded() && up.result()) {
                ctx.next();
                return;
            }
            LOG.warnf("sign-in unavailable: Keycloak at %s does not answer; told the browser so", signIn.address());
            ctx.response().setStatusCode(503)
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Retry-After", "30")
                    .putHeader("Cache-Control", "no-store")
                    .end(PAGE);
        });
    }

    /** A browser page request without a session: the OIDC code flow would send it to Keycloak. */
    private static boolean wouldSignIn(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (ctx.request().method() != HttpMethod.GET || path.equals("/") || ctx.request().getHeader("Authorization") != null
                || NOT_SIGN_IN.stream().anyMatch(path::startsWith)) {
            return false;
        }
        for (Cookie cookie : ctx.request().cookies()) {
            if (cookie.getName().startsWith("q_session")) {
                return false;
            }
        }
        return true;
    }
}
