package dev.hearth.backend.identity;

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
 * Recognises {@code Authorization: Bearer hth_…} API tokens and leaves every other bearer token
 * (Keycloak JWTs) to the OIDC mechanism, which runs after this one.
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String secret = header.substring(BEARER.length()).strip();
        if (!secret.startsWith(ApiTokenCredential.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new ApiTokenCredential(secret));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // API tokens only exist for /api; elsewhere step aside so OIDC can send a browser to the login page.
        if (!context.normalizedPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
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
