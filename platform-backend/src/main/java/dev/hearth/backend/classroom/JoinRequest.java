package dev.hearth.backend.classroom;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/classrooms/join}. */
@Schema(name = "JoinRequest")
public record JoinRequest(@Schema(required = true, description = "The join code the instructor shared", examples = "K7QX-M2PA")
        String code) {
}
