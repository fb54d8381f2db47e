package dev.hearth.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An SSE stream read as a browser's {@code EventSource} reads it: when the connection drops (the
 * backend killed, a proxy cut) it opens the same URL again with {@code Last-Event-ID} = the last id it
 * got, until the stream's {@code end} event (or, for a stream that has none and just closes, until the
 * last event it got is the one that ends it) or its deadline. What it kept over all connections is what
 * the user would have seen, so a drill can count lines lost and repeated across the outage.
 */
final class ResumingSse {

    /** EventSource's default reconnection time is "a few seconds"; shorter here keeps drills short. */
    private static final Duration RETRY = Duration.ofMillis(250);

    private final HttpClient http;
    private final URI url;
    private final Supplier<String> bearer;
    private final String eventName;
    private final Instant deadline;
    private final Predicate<SseLogClient.Received> last;
    private final List<SseLogClient.Received> received = new ArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private SseLogClient current;
    private int connections;
    private String lastFailure = "";

    private ResumingSse(HttpClient http, URI url, Supplier<String> bearer, String eventName, Duration within,
            Predicate<SseLogClient.Received> last) {
        this.http = http;
        this.url = url;
        this.bearer = bearer;
        this.eventName = eventName;
        this.deadline = Instant.now().plus(within);
        this.last = last;
    }

    /** Starts reading {@code url}'s events named {@code eventName}; gives up after {@code within}. */
    static ResumingSse follow(HttpClient http, URI url, Supplier<String> bearer, String eventName, Duration within) {
        return start(new ResumingSse(http, url, bearer, eventName, within, event -> false));
    }

    /**
     * As {@link #follow}, for a stream the server ends by closing it after its last event (a cluster's
     * events after DELETED): done when a connection closes and the last event it got satisfies {@code last}.
     */
    static ResumingSse followUntil(HttpClient http, URI url, Supplier<String> bearer, String eventName, Duration within,
            Predicate<SseLogClient.Received> last) {
        return start(new ResumingSse(http, url, bearer, eventName, within, last));
    }

    private static ResumingSse start(ResumingSse sse) {
        Thread.ofVirtual().name("sse-" + sse.url.getPath()).start(sse::run);
        return sse;
    }

    private void run() {
        Long lastId = null;
        while (Instant.now().isBefore(deadline)) {
            SseLogClient client = SseLogClient.open(http, url, bearer.get(), eventName, lastId);
            synchronized (this) {
                current = client;
            }
            try {
                client.opened().get();
                synchronized (this) {
                    connections++;
                }
                client.ended().get();
                keep(client);
                ended.complete(null);
                return;
            } catch (ExecutionException e) {
                // Refused while the backend starts, or cut mid-stream: keep what came, resume after it.
                keep(client);
                synchronized (this) {
                    lastFailure = String.valueOf(e.getCause());
                    if (!received.isEmpty()) {
                        lastId = received.getLast().seq();
                        if (last.test(received.getLast())) {
                            ended.complete(null);
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended.completeExceptionally(e);
                return;
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended.completeExceptionally(e);
                return;
            }
        }
        ended.completeExceptionally(new AssertionError("the stream " + url + " did not end by its deadline; "
                + connections() + " connection(s), last failure: " + lastFailure));
    }

    private synchronized void keep(SseLogClient client) {
        received.addAll(client.lines());
        current = null;
    }

    /** Completes at the stream's {@code end} event. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Every event of every connection so far, in the order they came (the open connection's included). */
    synchronized List<SseLogClient.Received> received() {
        List<SseLogClient.Received> all = new ArrayList<>(received);
        if (current != null) {
            all.addAll(current.lines());
        }
        return all;
    }

    /** How many connections answered 200: 1 when nothing dropped. */
    synchronized int connections() {
        return connections;
    }
}
