package dev.hearth.backend.classroom;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/classrooms/{id}/code}: a new join code; both members optional. */
@Schema(name = "JoinCodeRequest")
public record CodeRequest(
        @Schema(description = "How many times it may be used; defaults to the number of seats") Integer maxUses,
        @Schema(description = "When it stops working; defaults to the end of the class") Instant expiresAt) {
}
