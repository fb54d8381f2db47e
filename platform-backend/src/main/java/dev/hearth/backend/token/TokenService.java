package dev.hearth.backend.token;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Durations;
import dev.hearth.backend.support.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The caller's API tokens: create (secret shown once), list, revoke. */
@ApplicationScoped
public class TokenService {

    /** 40 symbols of ≈ 5.8 bits: ≈ 234 random bits after the {@code hth_} prefix. */
    private static final int SECRET_LENGTH = 40;
    private static final int PREFIX_SHOWN = 8;
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    static final Duration MAX_LIFETIME = Duration.ofDays(365);

    private final Caller caller;
    private final AuditLog audit;
    private final Clock clock;

    public TokenService(Caller caller, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates a token for the caller. A token can never hold more than its creator: scopes beyond the
     * caller's own (e.g. {@code hosts:admin} for a non-admin) are rejected.
     *
     * @param expiresIn e.g. {@code 30d}; blank for 30 days; at most 365 days
     * @return the token, with its secret — the only time the secret is available
     */
    @Transactional
    public TokenView create(String name, Collection<String> scopes, String expiresIn) {
        List<FieldError> errors = new ArrayList<>();
        String tokenName = name == null ? "" : name.strip();
        if (tokenName.isEmpty() || tokenName.length() > 80) {
            errors.add(new FieldError("name", "must be 1-80 characters"));
        }
        Set<String> granted = scopes(scopes, errors);
        Duration lifetime = lifetime(expiresIn, errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        String secret = Secrets.generate("hth_", SECRET_LENGTH);
        Instant now = clock.instant();
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.userId = caller.userId();
        token.name = tokenName;
        token.tokenHash = Secrets.sha256(secret);
        token.tokenPrefix = secret.substring(0, PREFIX_SHOWN);
        token.scopes = granted.toArray(String[]::new);
        token.createdAt = now;
        token.expiresAt = now.plus(lifetime);
        token.persist();
        audit.record(caller, Action.TOKEN_CREATE, "token", token.id.toString(),
                "name=" + tokenName + " scopes=" + String.join(",", granted));
        return TokenView.of(token, secret);
    }

    /** The caller's tokens, newest first, revoked and expired ones included (marked so). */
    @Transactional
    public List<TokenView> list() {
        return ApiToken.listForUser(caller.userId()).stream().map(t -> TokenView.of(t, null)).toList();
    }

    /** Revokes at once: the very next call with it is refused. Revoking twice is harmless. */
    @Transactional
    public TokenView revoke(UUID id) {
        ApiToken token = id == null ? null : ApiToken.findById(id);
        if (token == null || !token.userId.equals(caller.userId())) {
            throw new NotFoundProblem("token", String.valueOf(id));
        }
        if (token.revokedAt == null) {
            token.revokedAt = clock.instant();
            audit.record(caller, Action.TOKEN_REVOKE, "token", id.toString(), "name=" + token.name);
        }
        return TokenView.of(token, null);
    }

    private Set<String> scopes(Collection<String> requested, List<FieldError> errors) {
        Set<String> granted = new LinkedHashSet<>();
        if (requested == null || requested.isEmpty()) {
            errors.add(new FieldError("scopes", "name at least one of clusters:read, clusters:write, tokens, hosts:admin, classrooms"));
            return granted;
        }
        Set<Scope> allowed = caller.scopes();
        for (String value : requested) {
            var scope = Scope.fromValue(value);
            if (scope.isEmpty()) {
                errors.add(new FieldError("scopes", "unknown scope '" + value
                        + "'; known are clusters:read, clusters:write, tokens, hosts:admin, classrooms"));
            } else if (!allowed.contains(scope.get())) {
                errors.add(new FieldError("scopes", "you cannot grant '" + value + "': "
                        + (scope.get() == Scope.HOSTS_ADMIN ? "it needs the admin role" : "your own credentials lack it")));
            } else {
                granted.add(value);
            }
        }
        return granted;
    }

    private static Duration lifetime(String expiresIn, List<FieldError> errors) {
        if (expiresIn == null || expiresIn.isBlank()) {
            return DEFAULT_LIFETIME;
        }
        try {
            Duration lifetime = Durations.parse(expiresIn);
            if (lifetime.compareTo(MAX_LIFETIME) > 0) {
                errors.add(new FieldError("expiresIn", "must be at most 365d"));
            }
            return lifetime;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("expiresIn", e.getMessage()));
            return DEFAULT_LIFETIME;
        }
    }
}
