package dev.hearth.backend.agent;

import dev.hearth.backend.host.Host;
import dev.hearth.backend.host.HostStatus;
import dev.hearth.backend.support.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Enrols the host {@code ./hearth up} runs an agent on, from configuration ({@code hearth.hosts.local.*}),
 * so a fresh machine gets a working cluster without an admin enrolling anything. Idempotent: a restart
 * finds the host and only brings its token hash up to date.
 */
@ApplicationScoped
public class LocalHostEnrolment {

    private static final Logger LOG = Logger.getLogger(LocalHostEnrolment.class);

    private final HostsSettings settings;
    private final Clock clock;

    public LocalHostEnrolment(HostsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void enrol(@Observes StartupEvent event) {
        HostsSettings.Local local = settings.local();
        Optional<String> hash = local.tokenHash().filter(h -> !h.isBlank())
                .or(() -> local.token().filter(t -> !t.isBlank()).map(Secrets::sha256));
        if (hash.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Host host = Host.<Host>find("name", local.id()).firstResult();
            if (host == null) {
                host = new Host();
                host.id = UUID.randomUUID();
                host.name = local.id();
                host.status = HostStatus.PENDING;
                // Placeholders until the agent's Hello reports what the host really offers.
                host.memoryMib = 24576;
                host.cpuMillis = 2000;
                host.maxClusters = 50;
                // Also the ceiling of what the local agent's Hello may claim (HostPresence).
                host.enrolledMemoryMib = host.memoryMib;
                host.enrolledCpuMillis = host.cpuMillis;
                host.enrolledMaxClusters = host.maxClusters;
                host.enrolledAt = clock.instant();
                host.agentTokenHash = hash.get();
                host.persist();
                LOG.infof("enrolled the local host '%s' from configuration", local.id());
            } else if (!hash.get().equals(host.agentTokenHash) || host.revokedAt != null) {
                host.agentTokenHash = hash.get();
                host.revokedAt = null;
                LOG.infof("updated the token of the local host '%s' from configuration", local.id());
            }
        });
    }
}
