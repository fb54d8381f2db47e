package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Announces that a host's desired set of clusters changed, to every backend replica (docs/architecture.md):
 * a PostgreSQL {@code NOTIFY} on {@value #CHANNEL} with the host id. PostgreSQL delivers it only when
 * the surrounding transaction commits, so no replica re-sends a set that was rolled back, and the
 * replica holding the host's agent (this one or another) re-sends the whole set.
 */
@ApplicationScoped
public class DesiredStateChanges {

    public static final String CHANNEL = "hearth_host_desired";

    private final EntityManager em;

    public DesiredStateChanges(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(UUID hostId) {
        if (hostId == null) {
            return;
        }
        em.createNativeQuery("SELECT pg_notify(:channel, :host)")
                .setParameter("channel", CHANNEL)
                .setParameter("host", hostId.toString())
                .getSingleResult();
    }
}
