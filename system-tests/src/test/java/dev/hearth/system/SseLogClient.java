package dev.hearth.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One browser-like reader of a log's SSE endpoint ({@code event: line}, {@code id:} = seq,
 * {@code data:} = text, a final {@code event: end}): keeps each line with the moment it arrived, so a
 * bench can set it against the time the line carries. It can open with {@code Last-Event-ID}, as a
 * browser's {@code EventSource} does when it reconnects ({@link ResumingSse}), and read other named
 * events with the same shape (a cluster's {@code cluster-event}s: {@code id:} = event id).
 */
final class SseLogClient implements Flow.Subscriber<String> {

    /** A line as it arrived: its seq, text and the arrival time in epoch nanoseconds. */
    record Received(long seq, String text, long arrivedEpochNanos) {}

    private final List<Received> lines = new ArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final String eventName;
    private String event = "message";
    private long id = -1;
    private volatile Flow.Subscription subscription;

    private SseLogClient(String eventName) {
        this.eventName = eventName;
    }

    /** Opens the stream; {@link #opened()} completes when the response's headers arrived with 200. */
    static SseLogClient open(HttpClient http, URI url, String bearer) {
        return open(http, url, bearer, "line", null);
    }

    /**
     * Opens the stream keeping the events named {@code eventName}, after {@code lastEventId} when it is
     * not null (the header a reconnecting {@code EventSource} sends).
     */
    static SseLogClient open(HttpClient http, URI url, String bearer, String eventName, Long lastEventId) {
        SseLogClient client = new SseLogClient(eventName);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).header("Accept", "text/event-stream")
                .header("Authorization", bearer).timeout(Duration.ofMinutes(10)).GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", Long.toString(lastEventId));
        }
        HttpRequest request = builder.build();
        http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                    client.opened.completeExceptionally(new AssertionError("GET " + url + " answered " + info.statusCode()
                            + ": " + body));
                    return null;
                });
            }
            client.opened.complete(null);
            return HttpResponse.BodySubscribers.fromLineSubscriber(client);
        }).whenComplete((response, failure) -> {
            if (failure != null) {
                client.opened.completeExceptionally(failure);
                client.ended.completeExceptionally(failure);
            }
        });
        return client;
    }

    CompletableFuture<Void> opened() {
        return opened;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    synchronized List<Received> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    /** Goes away as a closed browser tab does: the connection is dropped (the server then frees its place). */
    void close() {
        Flow.Subscription open = subscription;
        if (open != null) {
            open.cancel();
        }
    }

    @Override
    public void onNext(String line) {
        Instant now = Instant.now();
        if (line.isEmpty()) {
            if ("end".equals(event)) {
                ended.complete(null);
            }
            event = "message";
            return;
        }
        if (line.startsWith("event:")) {
            event = line.substring(6).strip();
        } else if (line.startsWith("id:")) {
            id = Long.parseLong(line.substring(3).strip());
        } else if (line.startsWith("data:") && eventName.equals(event)) {
            String text = line.substring(line.startsWith("data: ") ? 6 : 5);
            synchronized (this) {
                lines.add(new Received(id, text, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        ended.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        if (!ended.isDone()) {
            ended.completeExceptionally(new AssertionError("the stream closed without its end event"));
        }
    }
}
