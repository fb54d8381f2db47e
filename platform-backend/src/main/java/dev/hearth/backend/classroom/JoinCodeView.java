package dev.hearth.backend.classroom;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The join code in force and whether it still works. */
@Schema(name = "JoinCode")
public record JoinCodeView(
        @Schema(examples = "K7QX-M2PA") String code,
        @Schema(description = "A link that opens the join page with the code filled in") String link,
        Instant expiresAt,
        int maxUses,
        int uses,
        @Schema(description = "ACTIVE, REVOKED, EXPIRED or EXHAUSTED") String state) {

    public boolean active() {
        return "ACTIVE".equals(state);
    }
}
