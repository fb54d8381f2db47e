package dev.hearth.backend.cluster;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives rows written before V12 (db/migration) their typed configuration, once, from the normalised YAML
 * stored with them — so nothing reads a configuration through the parser after this has run. It is part
 * of the migration, not of the features, which is why it names the classroom table too. Idempotent and
 * safe on several replicas at once: each row is filled only while still empty.
 */
@ApplicationScoped
public class StoredConfigurationBackfill {

    private static final Logger LOG = Logger.getLogger(StoredConfigurationBackfill.class);
    private static final List<String> TABLES = List.of("cluster", "classroom");
    private static final int BATCH = 500;

    private final EntityManager em;
    private final StoredConfiguration column = new StoredConfiguration();

    public StoredConfigurationBackfill(EntityManager em) {
        this.em = em;
    }

    void fill(@Observes StartupEvent event) {
        for (String table : TABLES) {
            int filled = 0;
            int batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> fillBatch(table));
                filled += batch;
            } while (batch == BATCH);
            if (filled > 0) {
                LOG.infof("stored the typed configuration of %d %s rows written before V12", filled, table);
            }
        }
    }

    private int fillBatch(String table) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, config_yaml FROM " + table
                + " WHERE configuration IS NULL LIMIT " + BATCH).getResultList();
        for (Object[] row : rows) {
            String typed = column.convertToDatabaseColumn(ClusterConfigurationParser.parse((String) row[1]));
            em.createNativeQuery("UPDATE " + table + " SET configuration = :c WHERE id = :id AND configuration IS NULL")
                    .setParameter("c", typed)
                    .setParameter("id", row[0])
                    .executeUpdate();
        }
        return rows.size();
    }
}
