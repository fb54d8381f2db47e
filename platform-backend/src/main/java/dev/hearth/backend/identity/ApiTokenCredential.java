package dev.hearth.backend.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The {@code hth_…} secret from an {@code Authorization: Bearer} header, on its way to the token store. */
public class ApiTokenCredential extends BaseAuthenticationRequest {

    public static final String PREFIX = "hth_";

    private final String secret;

    public ApiTokenCredential(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
