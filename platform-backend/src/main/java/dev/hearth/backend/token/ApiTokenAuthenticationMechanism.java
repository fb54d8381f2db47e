package dev.hearth.backend.token;

import dev.hearth.backend.ratelimit.RateLimitRoutes;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Recognises {@code Authorization: Bearer hth_…} API tokens on {@code /api/*} and leaves every other
 * bearer token (Keycloak JWTs) to the OIDC mechanism, which runs after this one. Anywhere else (page
 * routes) a token is not even looked at: pages are for the browser session only, and a token there
 * must get no further than no credential (docs/security.md, "Browser and API tokens").
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!isApi(context)) {
            return Uni.createFrom().nullItem();
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String secret = header.substring(BEARER.length()).strip();
        if (!secret.startsWith(ApiTokenCredential.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new ApiTokenCredential(secret, RateLimitRoutes.client(context.request())));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // API tokens only exist for /api; elsewhere step aside so OIDC can send a browser to the login page.
        if (!isApi(context)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    /** Where tokens are read: the API, and the metrics an admin's scraper reads (MetricsReaderPolicy). */
    static boolean isApi(RoutingContext context) {
        String path = context.normalizedPath();
        return path.startsWith("/api/") || path.equals("/q/metrics") || path.startsWith("/q/metrics/");
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenCredential.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    /** Before OIDC (default priority 1000), so an hth_ token is never sent to JWT validation. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
