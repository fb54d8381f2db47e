package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.protocol.LogChunk;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The log tables through plain JDBC: lines go in by the thousand, so no entity per line. Every write
 * of a chunk is one transaction that also sends its {@code NOTIFY} (delivered at commit), so a notification never announces
 * lines another replica cannot read yet.
 */
final class LogStore {

    private final DataSource dataSource;
    private final long maxBytesPerPerson;
    private final String cutNotice;

    LogStore(DataSource dataSource, LogSettings settings) {
        this.dataSource = dataSource;
        this.maxBytesPerPerson = settings.maxBytesPerPerson().asLongValue();
        long bytes = settings.maxBytesPerPerson().asLongValue();
        String size = bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
        this.cutNotice = "[hearth] log cut: your logs hold at most " + size
                + " across all your clusters and builds; a log is deleted " + settings.retention().toHours()
                + " h after it ends";
    }

    /**
     * What one append changed: the lines that were new (in order); whether this chunk ended the stream
     * (or it had ended already); and once ended, the number of lines it has ({@code next_seq}).
     */
    record Appended(List<LogLine> added, boolean ended, long endSeq) {
    }

    /** Whether a stream has ended and, if so, how many lines it has (its lines are 0 .. endSeq-1). */
    record EndState(boolean ended, long endSeq) {
    }

    interface Announcer {
        /** The {@code NOTIFY} payload for what was appended, or null for none. */
        String payload(String stream, Appended appended);
    }

    /** In a transaction of its own (the JTA one, so the pool's connection is enlisted), whatever the caller's. */
    Appended append(LogChunk chunk, List<LogLine> lines, String channel, Announcer announcer) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Appended appended = append(c, chunk, lines);
                String payload = announcer.payload(chunk.stream().name(), appended);
                if (payload != null) {
                    try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        notify.setString(1, channel);
                        notify.setString(2, payload);
                        notify.execute();
                    }
                }
                return appended;
            } catch (SQLException e) {
                throw new IllegalStateException("failed to store log lines of " + chunk.stream() + ": " + e.getMessage(), e);
            }
        });
    }

    private Appended append(Connection c, LogChunk chunk, List<LogLine> offered) throws SQLException {
        String stream = chunk.stream().name();
        // The person whose limit the stream counts against: its cluster's or its build's owner.
        record Owner(String query, String key) {
        }
        Owner owner = switch (chunk.stream()) {
            case LogStreamId.Pod pod -> new Owner("SELECT owner_id FROM cluster WHERE id = ?", pod.clusterId());
            case LogStreamId.Build build -> new Owner("SELECT owner_id FROM build WHERE id::text = ?", build.buildId());
        };
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO log_stream (stream, owner_id, created_at, updated_at)
                VALUES (?, (%s), now(), now())
                ON CONFLICT (stream) DO NOTHING""".formatted(owner.query()))) {
            s.setString(1, stream);
            s.setString(2, owner.key());
            s.executeUpdate();
        }
        List<LogLine> lines = offered.isEmpty() ? offered : withinOwnersBytes(c, stream, offered);
        List<LogLine> added = new ArrayList<>();
        if (!lines.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO log_line (stream, seq, text, at)
                    SELECT ?, u.seq, u.text, now() FROM unnest(?::bigint[], ?::text[]) AS u(seq, text)
                    ON CONFLICT (stream, seq) DO NOTHING RETURNING seq, text""")) {
                s.setString(1, stream);
                Array seqs = c.createArrayOf("bigint", lines.stream().map(LogLine::seq).toArray());
                Array texts = c.createArrayOf("text", lines.stream().map(LogLine::text).toArray());
                s.setArray(2, seqs);
                s.setArray(3, texts);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        added.add(new LogLine(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            added.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        }
        boolean ended = false;
        long endSeq = -1;
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE log_stream SET next_seq = greatest(next_seq, ?), updated_at = now(),
                       stored_bytes = stored_bytes + ?,
                       ended_at = CASE WHEN ? THEN coalesce(ended_at, now()) ELSE ended_at END
                WHERE stream = ? RETURNING ended_at IS NOT NULL, next_seq""")) {
            s.setLong(1, offered.isEmpty() ? chunk.seq() : offered.getLast().seq() + 1);
            s.setLong(2, added.stream().mapToLong(LogStore::bytes).sum());
            s.setBoolean(3, chunk.end());
            s.setString(4, stream);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    ended = true;
                    endSeq = rs.getLong(2);
                }
            }
        }
        return new Appended(added, ended, endSeq);
    }

    /**
     * The offered lines that fit in what the stream's owner may still store: all of them while the
     * owner's streams hold less than the limit, then a line saying the limit was reached (once per
     * stream), then none. Lines before the stream's {@code next_seq} are re-sent ones and cost nothing.
     * The stream's row is locked, so its chunks are counted one after the other; two streams of one
     * person appending at once may pass the limit by a chunk.
     */
    private List<LogLine> withinOwnersBytes(Connection c, String stream, List<LogLine> offered) throws SQLException {
        long used;
        long nextSeq;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT s.owner_id IS NOT NULL, s.cut_seq IS NOT NULL, s.next_seq,
                       (SELECT coalesce(sum(o.stored_bytes), 0) FROM log_stream o WHERE o.owner_id = s.owner_id)
                FROM log_stream s WHERE s.stream = ? FOR UPDATE""")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return offered;
                }
                if (rs.getBoolean(2)) {
                    return List.of();
                }
                nextSeq = rs.getLong(3);
                used = rs.getLong(4);
            }
        }
        List<LogLine> kept = new ArrayList<>(offered.size());
        for (LogLine line : offered) {
            if (line.seq() < nextSeq) {
                kept.add(line);
                continue;
            }
            used += bytes(line);
            if (used > maxBytesPerPerson) {
                kept.add(new LogLine(line.seq(), cutNotice));
                try (PreparedStatement s = c.prepareStatement("UPDATE log_stream SET cut_seq = ? WHERE stream = ?")) {
                    s.setLong(1, line.seq());
                    s.setString(2, stream);
                    s.executeUpdate();
                }
                break;
            }
            kept.add(line);
        }
        return kept;
    }

    private static long bytes(LogLine line) {
        return line.text().getBytes(StandardCharsets.UTF_8).length;
    }

    List<LogLine> read(String stream, long afterSeq, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT seq, text FROM log_line WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            s.setString(1, stream);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            List<LogLine> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.add(new LogLine(rs.getLong(1), rs.getString(2)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("failed to read log " + stream + ": " + e.getMessage(), e);
        }
    }

    boolean ended(String stream) {
        return endState(stream).ended();
    }

    EndState endState(String stream) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT ended_at IS NOT NULL, next_seq FROM log_stream WHERE stream = ?")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1) ? new EndState(true, rs.getLong(2)) : new EndState(false, -1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed to read log " + stream + ": " + e.getMessage(), e);
        }
    }

    /** The first line number the store does not hold (0 for an unknown stream). */
    long nextSeq(String stream) {
        return queryLong("SELECT next_seq FROM log_stream WHERE stream = ?", stream).orElse(0);
    }

    private OptionalLong queryLong(String sql, String stream) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed to read log " + stream + ": " + e.getMessage(), e);
        }
    }
}
