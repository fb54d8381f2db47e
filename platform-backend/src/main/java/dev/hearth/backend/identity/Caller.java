package dev.hearth.backend.identity;

import dev.hearth.backend.problem.MissingScopeProblem;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one place that answers "who is calling": a person signed in through Keycloak (browser session
 * or bearer JWT) or an API token acting for its creator. Every service scopes its queries by
 * {@link #userId()}.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final UserDirectory users;
    private UUID userId;

    public Caller(SecurityIdentity identity, UserDirectory users) {
        this.identity = identity;
        this.users = users;
    }

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    /** The caller's app_user id; a first OIDC sight creates the row. */
    public UUID userId() {
        if (userId == null) {
            userId = resolveUserId();
        }
        return userId;
    }

    public String username() {
        requireAuthenticated();
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("preferred_username") != null) {
            return jwt.getClaim("preferred_username");
        }
        return identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return hasRole(Role.ADMIN);
    }

    /** The API token this call came with, if it came with one. */
    public Optional<UUID> tokenId() {
        return Optional.ofNullable(identity.getAttribute(CallerAttributes.TOKEN_ID));
    }

    /** How the caller authenticated, for the audit log: {@code oidc} or {@code token:<id>}. */
    public String via() {
        return tokenId().map(id -> "token:" + id).orElse("oidc");
    }

    /** Scopes this call may use: a token's own, or all that the person's roles allow. */
    public Set<Scope> scopes() {
        requireAuthenticated();
        Set<Scope> tokenScopes = identity.getAttribute(CallerAttributes.SCOPES);
        if (tokenScopes != null) {
            return tokenScopes;
        }
        Set<Scope> all = EnumSet.of(Scope.CLUSTERS_READ, Scope.CLUSTERS_WRITE, Scope.TOKENS, Scope.CLASSROOMS);
        if (isAdmin()) {
            all.add(Scope.HOSTS_ADMIN);
        }
        return all;
    }

    /** @throws MissingScopeProblem naming the scope when an API token lacks it */
    public void require(Scope scope) {
        if (!scopes().contains(scope)) {
            throw new MissingScopeProblem(scope.value());
        }
    }

    private UUID resolveUserId() {
        requireAuthenticated();
        UUID fromToken = identity.getAttribute(CallerAttributes.USER_ID);
        if (fromToken != null) {
            return fromToken;
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            throw new IllegalStateException("authenticated caller has neither an API token nor an OIDC subject");
        }
        return users.ensure(jwt.getSubject(), username(), jwt.getClaim("email"), jwt.getClaim("name"),
                identity.getRoles());
    }

    private void requireAuthenticated() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
    }
}
