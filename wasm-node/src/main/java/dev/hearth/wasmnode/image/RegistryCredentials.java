package dev.hearth.wasmnode.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for one registry, from an {@code imagePullSecrets} entry; sent as HTTP
 * Basic or traded for a bearer token, as the registry's challenge asks.
 *
 * @param username the user name
 * @param password the password or access token
 */
public record RegistryCredentials(String username, String password) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The {@code Authorization} header value for HTTP Basic (RFC 7617). */
    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Leaves the password out: records print their components. */
    @Override
    public String toString() {
        return "RegistryCredentials[" + username + "]";
    }
}
