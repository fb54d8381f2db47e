package dev.hearth.backend.token;

import dev.hearth.backend.identity.AppUser;
import dev.hearth.backend.identity.CallerAttributes;
import dev.hearth.backend.identity.KeycloakAccounts;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.ratelimit.RateLimits;
import dev.hearth.backend.ratelimit.RateLimits.Guess;
import dev.hearth.backend.support.Secrets;
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
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns an API token secret into the identity of the person who created it, restricted to the
 * token's scopes and to the roles Keycloak gives the person now (KeycloakAccounts). The token is
 * looked up on every call with no cache, so a revocation applies to the next request.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenCredential> {

    /** last_used_at is a hint for people, not an audit trail: write it at most this often per token. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(30);

    private final Clock clock;
    private final RateLimits limits;
    private final KeycloakAccounts accounts;

    public ApiTokenIdentityProvider(Clock clock, RateLimits limits, KeycloakAccounts accounts) {
        this.clock = clock;
        this.limits = limits;
        this.accounts = accounts;
    }

    @Override
    public Class<ApiTokenCredential> getRequestType() {
        return ApiTokenCredential.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenCredential request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Found found;
            try {
                found = QuarkusTransaction.requiringNew().call(() -> lookUp(request.secret()));
            } catch (AuthenticationFailedException e) {
                // Counted per address: RateLimitRoutes turns the address away once it has guessed too often.
                limits.failed(Guess.API_TOKEN, request.client());
                throw e;
            }
            return identity(found, owner(found));
        });
    }

    /** A usable token and whose it is, read in one transaction. */
    private record Found(UUID tokenId, Set<Scope> scopes, UUID userId, String username, String subject) {
    }

    private Found lookUp(String secret) {
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
        return new Found(token.id, scopes, user.id, user.username, user.subject);
    }

    /**
     * The owner as Keycloak sees them now: a disabled or deleted account has no API access, and the
     * call acts with the current realm roles, not those of the owner's last sign-in.
     */
    private KeycloakAccounts.Account owner(Found found) {
        try {
            return accounts.current(found.subject()).filter(KeycloakAccounts.Account::enabled)
                    .orElseThrow(() -> new AuthenticationFailedException(
                            "the API token's owner is disabled or no longer exists in Keycloak"));
        } catch (KeycloakAccounts.Unavailable e) {
            throw new AuthenticationFailedException(e.getMessage(), e);
        }
    }

    private static SecurityIdentity identity(Found found, KeycloakAccounts.Account owner) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(found.username()))
                .addRoles(owner.realmRoles())
                .addAttribute(CallerAttributes.USER_ID, found.userId())
                .addAttribute(CallerAttributes.TOKEN_ID, found.tokenId())
                .addAttribute(CallerAttributes.SCOPES, found.scopes())
                .build();
    }
}
