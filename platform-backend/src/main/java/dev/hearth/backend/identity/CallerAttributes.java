package dev.hearth.backend.identity;

/** SecurityIdentity attribute names set for API-token callers and read by {@link Caller}. */
final class CallerAttributes {

    static final String USER_ID = "hearth.user-id";
    static final String TOKEN_ID = "hearth.token-id";
    static final String SCOPES = "hearth.scopes";

    private CallerAttributes() {
    }
}
