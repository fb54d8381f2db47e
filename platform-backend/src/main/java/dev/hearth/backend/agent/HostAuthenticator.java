package dev.hearth.backend.agent;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.host.Host;
import dev.hearth.backend.host.HostService;
import dev.hearth.backend.support.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Checks the host token an agent connects with ({@code Authorization: Bearer hha_…}): only its hash
 * is stored, so the lookup is by hash. Every refusal is audited with what was presented (never the
 * secret itself), so an operator can see a misconfigured or retired agent knocking.
 */
@ApplicationScoped
public class HostAuthenticator {

    private static final String BEARER = "Bearer ";

    private final AuditLog audit;

    public HostAuthenticator(AuditLog audit) {
        this.audit = audit;
    }

    @Transactional
    public Optional<AuthenticatedHost> authenticate(String authorization, String remoteAddress) {
        String from = " from " + remoteAddress;
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return refused("unknown", "no host token" + from);
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (!token.startsWith(HostService.AGENT_TOKEN_PREFIX)) {
            return refused("unknown", "not a host token (expected " + HostService.AGENT_TOKEN_PREFIX + "…)" + from);
        }
        Host host = Host.<Host>find("agentTokenHash", Secrets.sha256(token)).firstResult();
        if (host == null) {
            return refused("unknown", "unknown host token " + token.substring(0, Math.min(8, token.length())) + "…" + from);
        }
        if (host.revokedAt != null) {
            return refused(host.id.toString(), "token of host " + host.name + " was revoked at " + host.revokedAt + from);
        }
        return Optional.of(new AuthenticatedHost(host.id, host.name));
    }

    /** Audits a refusal of an agent whose {@code Hello} named another host than its token's. */
    @Transactional
    public void refuseIdentity(AuthenticatedHost host, String claimed) {
        audit.recordAgent(host.name(), Action.HOST_CONNECT_REFUSED, "host", host.id().toString(),
                "agent said it is '" + claimed + "' but its token belongs to '" + host.name() + "'");
    }

    private Optional<AuthenticatedHost> refused(String hostId, String detail) {
        audit.recordSystem(Action.HOST_CONNECT_REFUSED, "host", hostId, detail);
        return Optional.empty();
    }
}
