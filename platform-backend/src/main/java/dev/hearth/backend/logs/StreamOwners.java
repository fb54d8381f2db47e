package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Which host may write a log stream: a pod stream only the host its cluster is placed on, a build
 * stream only the host the build was sent to (a name of any other shape does not decode:
 * {@link LogStreamId#parse}). An agent's chunks for a stream it does not hold are dropped (docs/security.md, "Worker
 * agents and hosts"): otherwise one host could write lines into another participant's log panel, or
 * fill the store with streams of made-up names. Streams found held are remembered, so a busy stream
 * costs one query, not one per chunk.
 */
@ApplicationScoped
public class StreamOwners {

    /** Past this many remembered streams the memory starts over (a lookup is cheap; the map must stay small). */
    private static final int REMEMBERED = 10_000;

    private final DataSource dataSource;
    private final Map<LogStreamId, UUID> held = new ConcurrentHashMap<>();

    public StreamOwners(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the agent of {@code hostId} may write {@code stream}. */
    public boolean heldBy(UUID hostId, LogStreamId stream) {
        if (hostId.equals(held.get(stream))) {
            return true;
        }
        boolean owns = lookUp(hostId, stream);
        if (owns) {
            if (held.size() >= REMEMBERED) {
                held.clear();
            }
            held.put(stream, hostId);
        }
        return owns;
    }

    private boolean lookUp(UUID hostId, LogStreamId stream) {
        String sql;
        String key;
        switch (stream) {
            case LogStreamId.Pod pod -> {
                sql = "SELECT 1 FROM cluster WHERE id = ? AND host_id = ?";
                key = pod.clusterId();
            }
            case LogStreamId.Build build -> {
                sql = "SELECT 1 FROM build WHERE id::text = ? AND host_id = ?";
                key = build.buildId();
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            s.setObject(2, hostId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed to look up who holds log stream " + stream, e);
        }
    }
}
