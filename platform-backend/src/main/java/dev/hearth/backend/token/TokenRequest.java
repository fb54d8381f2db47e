package dev.hearth.backend.token;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/tokens}. */
@Schema(name = "TokenRequest")
public record TokenRequest(
        @Schema(required = true, examples = "ci") String name,
        @Schema(required = true, description = "Any of clusters:read, clusters:write, tokens, hosts:admin (admins only)")
        List<String> scopes,
        @Schema(description = "Lifetime such as 30d or 12h; default 30d, at most 365d", examples = "30d") String expiresIn) {
}
