package dev.hearth.backend.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API token as listed; {@code token} (the secret) is present only in the answer that created it. */
@Schema(name = "ApiToken")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(
        UUID id,
        String name,
        List<String> scopes,
        @Schema(description = "First characters of the secret, to tell tokens apart") String prefix,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        @Schema(description = "The secret, returned once at creation; store it now") String token) {

    static TokenView of(ApiToken t, String secret) {
        return new TokenView(t.id, t.name, List.of(t.scopes), t.tokenPrefix, t.createdAt, t.expiresAt, t.lastUsedAt,
                t.revokedAt, secret);
    }
}
