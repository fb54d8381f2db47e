package dev.hearth.backend.cluster;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One lifecycle event; {@code id} increases, so a client can resume after the last one it saw. */
@Schema(name = "ClusterEvent")
public record ClusterEventView(long id, Instant at, ClusterPhase phase, String step, String message) {

    static ClusterEventView of(ClusterEvent e) {
        return new ClusterEventView(e.id, e.at, e.phase, e.step, e.message);
    }
}
