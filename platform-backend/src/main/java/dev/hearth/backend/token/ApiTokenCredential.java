package dev.hearth.backend.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The {@code hth_…} secret from an {@code Authorization: Bearer} header, on its way to the token store. */
public class ApiTokenCredential extends BaseAuthenticationRequest {

    public static final String PREFIX = "hth_";

    private final String secret;
    private final String client;

    /** @param client the caller's address, by which failed guesses are counted (RateLimits) */
    public ApiTokenCredential(String secret, String client) {
        this.secret = secret;
        this.client = client;
    }

    public String client() {
        return client;
    }

    public String secret() {
        return secret;
    }
}
