package dev.hearth.wasmnode.kubeletapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.hearth.wasmnode.logs.ContainerLogStore;
import dev.hearth.wasmnode.logs.LogQuery;
import dev.hearth.wasmnode.logs.LogSource;
import dev.hearth.wasmnode.logs.LogStreamer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}: a container's log, as the API server asks
 * for it on behalf of {@code kubectl logs} (query parameters from {@code PodLogOptions}).
 */
final class ContainerLogsHandler implements HttpHandler {

    private final ContainerLogStore logs;
    private final Predicate<X509Certificate> authorizer;
    private final Clock clock;

    ContainerLogsHandler(ContainerLogStore logs, Predicate<X509Certificate> authorizer, Clock clock) {
        this.logs = logs;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<X509Certificate> client = clientCertificate(exchange);
            if (client.isEmpty()) {
                Problems.send(exchange, 401, "Unauthorized",
                        "the kubelet API needs a client certificate issued by the cluster CA");
                return;
            }
            if (!authorizer.test(client.get())) {
                Problems.send(exchange, 403, "Forbidden", client.get().getSubjectX500Principal().getName()
                        + " may not get nodes/proxy on this node");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                Problems.send(exchange, 405, "Method Not Allowed", "container logs are read with GET");
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().substring("/containerLogs/".length()).split("/");
            if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isEmpty)) {
                Problems.send(exchange, 400, "Bad Request", "the path must be /containerLogs/{namespace}/{pod}/{container}");
                return;
            }
            LogQuery query;
            try {
                query = LogQuery.parse(parameters(exchange.getRequestURI().getRawQuery()), clock.instant());
            } catch (IllegalArgumentException e) {
                Problems.send(exchange, 400, "Bad Request", e.getMessage());
                return;
            }
            Optional<LogSource> source = logs.find(parts[0], parts[1], parts[2], query.previous());
            if (source.isEmpty()) {
                Problems.send(exchange, 404, "Not Found", (query.previous() ? "previous terminated container \"" : "container \"")
                        + parts[2] + "\" in pod \"" + parts[1] + "\" in namespace \"" + parts[0] + "\" has no logs on this node");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                LogStreamer.stream(source.get(), query, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<X509Certificate> clientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return Optional.empty();
        }
        try {
            // The TLS handshake already checked the chain against the cluster CA.
            var chain = https.getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                    ? Optional.of(certificate) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
        return parameters;
    }
}
