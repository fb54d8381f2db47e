package dev.hearth.backend.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.notify.NotificationHandler;
import dev.hearth.protocol.LogChunk;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Log streams (build output, pod logs) stored line by line and followed live from any replica
 * (issue 5, docs/architecture.md): {@link #append} stores a chunk idempotently by (stream, seq) and announces it
 * with {@code NOTIFY} on {@value #CHANNEL} — carrying the new lines when they fit in a notification,
 * else only that there are some; every replica's listener hands them to its own followers of that
 * stream, which read the table whenever they missed something (see {@link LogSubscription}).
 */
@ApplicationScoped
public class LogStreams implements NotificationHandler {

    public static final String CHANNEL = "hearth_log";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; leave room for the envelope. */
    static final int MAX_PAYLOAD_BYTES = 7900;
    private static final Logger LOG = Logger.getLogger(LogStreams.class);

    private final LogStore store;
    private final LogSettings settings;
    private final ObjectMapper json;
    private final Map<String, Set<LogSubscription>> followers = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hearth-log-delivery-", 0).factory());
    /** Re-checks followers of ended streams still missing lines (see LogSettings.endGrace). */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hearth-log-timer").daemon().factory());

    public LogStreams(DataSource dataSource, LogSettings settings, ObjectMapper json) {
        this.store = new LogStore(dataSource, settings);
        this.settings = settings;
        this.json = json;
    }

    /** Stores a chunk's lines; lines it already has are ignored. Followers on every replica get the new ones. */
    public void append(LogChunk chunk) {
        List<LogLine> lines = limited(chunk);
        store.append(chunk, lines, CHANNEL, this::payload);
    }

    /** Up to {@code limit} stored lines after {@code afterSeq} (-1 for the first), in order. */
    public List<LogLine> read(String stream, long afterSeq, int limit) {
        return store.read(stream, afterSeq, limit);
    }

    /** Whether the stream's last chunk has arrived. */
    public boolean ended(String stream) {
        return store.ended(stream);
    }

    /** The first line number not stored yet: where a follower should resume. */
    public long nextSeq(String stream) {
        return store.nextSeq(stream);
    }

    /**
     * Stored lines after {@code afterSeq} (-1 for all), then live ones as any replica stores them;
     * completes after the stream's end. Honours demand: a subscriber that stops requesting only
     * stops its own delivery, and gets every line once it asks again.
     */
    public Multi<LogLine> follow(String stream, long afterSeq) {
        return Multi.createFrom().publisher(subscriber -> {
            Set<LogSubscription> ofStream = followers.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet());
            LogSubscription[] self = new LogSubscription[1];
            self[0] = new LogSubscription(stream, afterSeq, subscriber, store, delivery, timer, settings.subscriberBuffer(),
                    settings.endGrace(), () -> forget(self[0]));
            ofStream.add(self[0]);
            subscriber.onSubscribe(self[0]);
        });
    }

    /** How many followers this replica serves (for metrics and tests). */
    public int followerCount() {
        return followers.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(LogSubscription subscription) {
        followers.computeIfPresent(subscription.stream(), (s, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void notified(String payload) {
        Notice notice;
        try {
            notice = json.readValue(payload, Notice.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("ignoring a %s notification that is not a log notice: %s", CHANNEL, e.getOriginalMessage());
            return;
        }
        Set<LogSubscription> ofStream = followers.get(notice.s());
        if (ofStream == null) {
            return;
        }
        List<LogLine> lines = notice.l() == null ? null : notice.l().stream().map(p -> new LogLine(p.q(), p.t())).toList();
        ofStream.forEach(f -> f.offer(lines, notice.e(), notice.n()));
    }

    @Override
    public void listening() {
        followers.values().forEach(set -> set.forEach(LogSubscription::resync));
    }

    /**
     * The notification: stream, the new lines when they fit, whether it has ended and then how many
     * lines it has. Short names: 8000 bytes go fast.
     */
    record Notice(String s, List<Pair> l, boolean e, long n) {
    }

    record Pair(long q, String t) {
    }

    private String payload(String stream, LogStore.Appended appended) {
        if (appended.added().isEmpty() && !appended.ended()) {
            return null; // a re-sent chunk: nothing new to announce
        }
        try {
            String full = json.writeValueAsString(new Notice(stream,
                    appended.added().stream().map(l -> new Pair(l.seq(), l.text())).toList(), appended.ended(), appended.endSeq()));
            if (full.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES) {
                return full;
            }
            return json.writeValueAsString(new Notice(stream, null, appended.ended(), appended.endSeq()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to encode a log notice", e);
        }
    }

    /** The chunk's lines as stored: cleaned, cut to the line length, none past the stream's line cap. */
    private List<LogLine> limited(LogChunk chunk) {
        int maxLines = settings.maxLinesPerStream();
        List<LogLine> lines = new ArrayList<>(chunk.lines().size());
        long seq = chunk.seq();
        for (String text : chunk.lines()) {
            if (seq > maxLines) {
                break;
            }
            lines.add(new LogLine(seq, seq == maxLines
                    ? "[hearth] log cut: this stream keeps at most " + maxLines + " lines"
                    : clean(text)));
            seq++;
        }
        return lines;
    }

    private String clean(String text) {
        // PostgreSQL text cannot hold NUL; a line break inside a line would split an SSE data field.
        String cleaned = text.replace('\0', '\uFFFD').replace('\r', ' ').replace('\n', ' ');
        int max = settings.maxLineLength();
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max) + " [hearth: line cut at " + max + " characters]";
    }
}
