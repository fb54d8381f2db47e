package dev.hearth.backend.terminal;

import java.util.UUID;

/**
 * Whose terminal a socket opens, decided once at the upgrade ({@link TerminalUpgradeCheck}).
 *
 * @param clusterId the cluster whose toolbox the shell runs in
 * @param hostId the host holding the cluster
 * @param userId the person at the browser
 * @param username their name, for the audit and the "being watched" notice
 * @param via how they signed in, for the audit
 * @param watch read-only (a classroom's instructor watching a seat)
 */
public record TerminalTarget(String clusterId, UUID hostId, UUID userId, String username, String via, boolean watch) {
}
