package dev.hearth.backend.host;

import dev.hearth.backend.portal.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one command that turns a fresh Debian 12 machine into a host (docs/operations.md "Adding a
 * host"): it fetches the install script from the portal's public URL and runs it with the host's token.
 *
 * <p>The token travels in the environment of {@code sh}, never as an argument, so it shows in no
 * process list; the leading space keeps the line out of bash's history where {@code HISTCONTROL}
 * ignores such lines (Debian's default for user accounts). The install script moves it into a root-only
 * file at once.
 */
@ApplicationScoped
public class JoinCommand {

    /** Where the portal serves the install script, in the agent area (public; the script holds no secret). */
    public static final String INSTALL_SCRIPT_PATH_IN_AGENT_AREA = "install.sh";
    public static final String INSTALL_SCRIPT_PATH = "/agent/v1/" + INSTALL_SCRIPT_PATH_IN_AGENT_AREA;

    private final PublicUrl address;

    public JoinCommand(PublicUrl address) {
        this.address = address;
    }

    public String forToken(String agentToken) {
        return " curl -fsSL " + PublicUrl.base(address) + INSTALL_SCRIPT_PATH + " | HEARTH_JOIN_TOKEN=" + agentToken + " sh";
    }
}
