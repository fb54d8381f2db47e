package dev.hearth.backend.agent;

import java.util.UUID;

/** The host an agent connection proved to be, by its token. */
public record AuthenticatedHost(UUID id, String name) {
}
