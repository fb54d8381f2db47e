package dev.hearth.backend.identity;

/**
 * SecurityIdentity attribute names set for API-token callers (by token.ApiTokenIdentityProvider, which
 * lives with the tokens it looks up) and read by {@link Caller}.
 */
public final class CallerAttributes {

    public static final String USER_ID = "hearth.user-id";
    public static final String TOKEN_ID = "hearth.token-id";
    public static final String SCOPES = "hearth.scopes";

    private CallerAttributes() {
    }
}
