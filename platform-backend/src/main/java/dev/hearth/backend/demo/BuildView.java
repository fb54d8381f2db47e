package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildStatus;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A build, as {@code GET /api/v1/builds/{id}} returns it. */
public record BuildView(
        UUID id,
        BuildStatus status,
        BuildLanguage language,
        String clusterId,
        @Schema(description = "Where it is pushed: hearth-registry:5000/<your namespace>/<app>:<n>") String image,
        @Schema(description = "The pushed manifest's digest, once SUCCEEDED") String digest,
        @Schema(description = "Why it failed (the compiler's first error), or a note") String message,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "Its log: text/plain, or server-sent events with Accept: text/event-stream") String logs) {

    static BuildView of(Build b) {
        return new BuildView(b.id, b.status, b.language, b.clusterId, b.image, b.digest, b.message, b.createdAt,
                b.finishedAt, "/api/v1/builds/" + b.id + "/logs");
    }
}
