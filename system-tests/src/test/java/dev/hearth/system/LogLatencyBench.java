package dev.hearth.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live pod logs, line written → line shown (docs/BENCHMARKS.md: p95 ≤ 250 ms): the ticker module on a real
 * cluster's WASI node prints {@code tick <n> <unix-nanos>}; SSE clients read the backend's pod-logs
 * endpoint ({@code follow=true}) and set each line's arrival against the time in it. Once with one
 * client, once with {@code bench.streams} clients over {@code bench.pods} pods. Only lines written
 * after every client's stream was open count (earlier ones are a catch-up from the store, not live).
 * The store's {@code log_line.at} splits the time into module → stored and stored → client. Not part of
 * the suite (no Test/IT suffix): {@code bench/log-latency} runs it and reads {@code target/bench/log-latency.json}.
 */
class LogLatencyBench {

    private static final Duration POD_WITHIN = Duration.ofMinutes(2);
    private static final int WAVE = 25;
    private static final int OPEN_ATTEMPTS = 10;

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @Test
    @Timeout(1200)
    void lineWrittenToSseClient() throws Exception {
        int streams = Integer.getInteger("bench.streams", 300);
        int pods = Integer.getInteger("bench.pods", 5);
        int lines = Integer.getInteger("bench.lines", 300);
        int interval = Integer.getInteger("bench.interval-ms", 100);
        int delay = Integer.getInteger("bench.delay-ms", 45_000);

        WasiCluster cluster = WasiCluster.request(STACK, STACK.startAgent("bench"), "bench");
        cluster.pushWasmToOci("e2e-ticker", "v1", DemoModules.module("ticker"));
        KeycloakTokens admin = new KeycloakTokens("admin");
        Map<String, Object> result = new LinkedHashMap<>();
        // HTTP/1.1, one connection per client, as browsers' EventSource streams are counted by the backend.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            // The node compiles the module on its first run: not what this bench measures.
            run(cluster, http, admin, "warm-up", 1, 1, 10, 10, 0);
            result.put("single", run(cluster, http, admin, "single", 1, 1, lines, interval, 0));
            // The tickers wait before their first line, so the streams are open when lines flow.
            result.put("many", run(cluster, http, admin, "many", pods, streams, lines, interval, delay));
        }
        Path file = RunPaths.target("bench").resolve("log-latency.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        System.out.println("log-latency: wrote " + file);
    }

    private static Map<String, Object> run(WasiCluster cluster, HttpClient http, KeycloakTokens admin, String name,
            int pods, int clients, int lines, int interval, int delay) throws Exception {
        String ns = cluster.namespace("logs-" + name);
        List<String> podNames = new ArrayList<>();
        for (int p = 0; p < pods; p++) {
            String pod = "ticker-" + p;
            podNames.add(pod);
            cluster.apply(ns, manifest(pod, lines, interval, delay));
        }
        List<URI> urls = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            urls.add(STACK.backend().url().resolve("/api/v1/clusters/" + cluster.id() + "/pods/" + ns + "/"
                    + podNames.get(c % pods) + "/logs?follow=true"));
        }
        int[] refused = {0};
        long opening = System.nanoTime();
        List<SseLogClient> readers = openInWaves(http, admin, urls, refused);
        long openMillis = (System.nanoTime() - opening) / 1_000_000;
        Instant open = Instant.now();
        long openNanos = open.getEpochSecond() * 1_000_000_000L + open.getNano();
        CompletableFuture.allOf(readers.stream().map(SseLogClient::ended).toArray(CompletableFuture[]::new))
                .get(POD_WITHIN.toMillis() + delay + (long) lines * interval, TimeUnit.MILLISECONDS);

        List<Long> latencies = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (SseLogClient reader : readers) {
            Set<Long> seen = new HashSet<>();
            for (SseLogClient.Received line : reader.lines()) {
                if (!seen.add(line.seq())) {
                    duplicated++;
                }
                long written = writtenAt(line.text());
                if (written >= openNanos) {
                    latencies.add((line.arrivedEpochNanos() - written) / 1_000_000);
                }
            }
            lost += lines - seen.size();
        }
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("pods", pods);
        sample.put("clients", clients);
        sample.put("linesPerPod", lines);
        sample.put("intervalMillis", interval);
        sample.put("openRefusedThenRetried", refused[0]);
        sample.put("openAllMillis", openMillis);
        sample.put("delayMillis", delay);
        sample.put("lost", lost);
        sample.put("duplicated", duplicated);
        sample.put("clientMillis", latencies);
        sample.put("nodeMillis", nodeLatencies(cluster, ns, podNames.getFirst(), openNanos));
        sample.put("storedMillis", storedLatencies(cluster.id(), openNanos));
        System.out.printf("log-latency %s: %d clients over %d pods, %d lines measured, lost %d, duplicated %d%n",
                name, clients, pods, latencies.size(), lost, duplicated);
        return sample;
    }

    /**
     * Opens the streams {@link #WAVE} at a time, as a class of browsers arriving over a few seconds
     * would; an open the backend refuses (409 when the cluster's API server did not answer its pod read
     * in time) is tried again in the next wave, up to {@link #OPEN_ATTEMPTS} times, and counted.
     */
    private static List<SseLogClient> openInWaves(HttpClient http, KeycloakTokens admin, List<URI> urls, int[] refused)
            throws InterruptedException {
        List<SseLogClient> open = new ArrayList<>();
        List<URI> waiting = new ArrayList<>(urls);
        Map<URI, Integer> attempts = new java.util.HashMap<>();
        while (!waiting.isEmpty()) {
            List<URI> wave = List.copyOf(waiting.subList(0, Math.min(WAVE, waiting.size())));
            waiting.subList(0, wave.size()).clear();
            List<SseLogClient> opening = wave.stream().map(url -> SseLogClient.open(http, url, bearer(admin))).toList();
            for (int i = 0; i < wave.size(); i++) {
                try {
                    opening.get(i).opened().get(1, TimeUnit.MINUTES);
                    open.add(opening.get(i));
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    int tried = attempts.merge(wave.get(i), 1, Integer::sum);
                    if (tried >= OPEN_ATTEMPTS) {
                        throw new AssertionError("stream " + wave.get(i) + " refused " + tried + " times", e);
                    }
                    refused[0]++;
                    if (refused[0] <= 3) {
                        System.out.println("log-latency: an open was refused, trying again later: " + e.getCause());
                    }
                    waiting.add(wave.get(i));
                }
            }
        }
        return open;
    }

    private static String bearer(KeycloakTokens tokens) {
        return tokens.bearer();
    }

    /** Module → the node's log file: the time the node gave each line, as {@code kubectl logs --timestamps} shows it. */
    private static List<Long> nodeLatencies(WasiCluster cluster, String ns, String pod, long fromNanos) {
        List<Long> millis = new ArrayList<>();
        for (String line : cluster.logs(ns, pod, "--timestamps").split("\n")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            Instant logged = Instant.parse(line.substring(0, space));
            long written = writtenAt(line.substring(space + 1));
            if (written >= fromNanos) {
                millis.add((logged.getEpochSecond() * 1_000_000_000L + logged.getNano() - written) / 1_000_000);
            }
        }
        return millis;
    }

    /** Module → stored by the backend, from {@code log_line.at}, for the lines written after {@code fromNanos}. */
    private static List<Long> storedLatencies(String clusterId, long fromNanos) throws SQLException {
        List<Long> millis = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(SystemDatabase.jdbcUrl(), SystemDatabase.USER, SystemDatabase.PASSWORD);
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("select l.text, (extract(epoch from l.at) * 1000000)::bigint as at_micros"
                        + " from log_line l where l.stream like 'pod/%'")) {
            while (rows.next()) {
                long written = writtenAt(rows.getString(1));
                if (written >= fromNanos) {
                    millis.add((rows.getLong(2) * 1000 - written) / 1_000_000);
                }
            }
        }
        return millis;
    }

    private static long writtenAt(String line) {
        return Ticker.writtenAt(line);
    }

    private static Path manifest(String pod, int lines, int interval, int delay) {
        return Ticker.manifest(pod, lines, interval, delay);
    }
}
