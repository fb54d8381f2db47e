package dev.hearth.backend.identity;

import dev.hearth.backend.ratelimit.RateLimits;
import dev.hearth.backend.ratelimit.RateLimits.Guess;
import dev.hearth.backend.support.Secrets;
import dev.hearth.backend.token.ApiToken;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an API token secret into the identity of the person who created it, restricted to the
 * token's scopes. Looked up on every call with no cache, so a revocation applies to the next request.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenCredential> {

    /** last_used_at is a hint for people, not an audit trail: write it at most this often per token. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(30);

    private final Clock clock;
    private final RateLimits limits;

    public ApiTokenIdentityProvider(Clock clock, RateLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public Class<ApiTokenCredential> getRequestType() {
        return ApiTokenCredential.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenCredential request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            try {
                return QuarkusTransaction.requiringNew().call(() -> lookUp(request.secret()));
            } catch (AuthenticationFailedException e) {
                // Counted per address: RateLimitRoutes turns the address away once it has guessed too often.
                limits.failed(Guess.API_TOKEN, request.client());
                throw e;
            }
        });
    }

    private SecurityIdentity lookUp(String secret) {
        Instant now = clock.instant();
        ApiToken token = ApiToken.findByHash(Secrets.sha256(secret))
                .filter(t -> t.usableAt(now))
                .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked API token"));
        AppUser user = AppUser.findById(token.userId);
        if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
            token.lastUsedAt = now;
        }
        Set<Scope> scopes = Arrays.stream(token.scopes).map(Scope::fromValue)
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username))
                .addRoles(Set.of(user.roles))
                .addAttribute(CallerAttributes.USER_ID, user.id)
                .addAttribute(CallerAttributes.TOKEN_ID, token.id)
                .addAttribute(CallerAttributes.SCOPES, scopes)
                .build();
    }
}
