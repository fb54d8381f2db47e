package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where REQUESTED clusters stand in the global first-come, first-served queue. */
@ApplicationScoped
public class QueuePositions {

    private final EntityManager em;

    public QueuePositions(EntityManager em) {
        this.em = em;
    }

    /** 1-based positions of those of {@code clusterIds} that are waiting; others are absent. */
    public Map<String, Integer> of(Collection<String> clusterIds) {
        Map<String, Integer> positions = new HashMap<>();
        if (clusterIds.isEmpty()) {
            return positions;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, pos FROM (
                    SELECT id, row_number() OVER (ORDER BY created_at, id) AS pos
                    FROM cluster WHERE phase = 'REQUESTED') queue
                WHERE id IN (:ids)
                """).setParameter("ids", clusterIds).getResultList();
        for (Object[] row : rows) {
            positions.put((String) row[0], ((Number) row[1]).intValue());
        }
        return positions;
    }
}
