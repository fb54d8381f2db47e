package dev.hearth.backend.logs;

import dev.hearth.protocol.LogStreamId;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.ratelimit.StreamCaps;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A log stream as server-sent events, the one way every log endpoint streams (build and pod logs,
 * pages and API): {@code event: line}, {@code id:} the line's seq, {@code data:} its text; a last
 * {@code event: end} once the stream is over. A browser reconnecting sends {@code Last-Event-ID}
 * (EventSource does), and the stream resumes after that line, so none is lost or repeated.
 */
@ApplicationScoped
public class LogEvents {

    public static final String LINE = "line";
    public static final String END = "end";
    private static final int TEXT_BATCH = 5000;

    private final LogStreams logs;
    private final StreamCaps caps;
    private final Caller caller;

    public LogEvents(LogStreams logs, StreamCaps caps, Caller caller) {
        this.logs = logs;
        this.caps = caps;
        this.caller = caller;
    }

    /**
     * The stream's lines after the client's cursor: {@code Last-Event-ID} when it reconnects, else
     * {@code after} (-1 for the whole log).
     */
    public Multi<OutboundSseEvent> events(LogStreamId stream, Long lastEventId, Long after, Sse sse) {
        long cursor = lastEventId != null ? lastEventId : after != null ? after : -1;
        // Each follower is one of the person's live streams: the cap bounds their log followers too.
        return caps.capped(caller.userId(), logs.follow(stream.name(), cursor))
                .map(line -> sse.newEventBuilder().id(Long.toString(line.seq())).name(LINE).data(line.text()).build())
                // EventSource dispatches no event without data; the browser closes on this one instead of reconnecting.
                .onCompletion().continueWith(() -> List.of(sse.newEventBuilder().name(END).data("ended").build()));
    }

    /** The stored lines as a text file ({@code Content-Disposition: attachment}), one line each. */
    public Response text(LogStreamId stream, String filename) {
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            long after = -1;
            while (true) {
                List<LogLine> lines = logs.read(stream.name(), after, TEXT_BATCH);
                for (LogLine line : lines) {
                    writer.write(line.text());
                    writer.write('\n');
                }
                if (lines.size() < TEXT_BATCH) {
                    break;
                }
                after = lines.getLast().seq();
            }
            writer.flush();
        };
        return Response.ok(body, "text/plain; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .build();
    }
}
