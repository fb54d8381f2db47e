package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import dev.hearth.wasmnode.volume.TokenIssuer.IssuedToken;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service-account tokens of pods' projected volumes: issued when the volume is written, and
 * rewritten before they expire — once {@code refreshFraction} of the granted lifetime has passed (80 %
 * by default, as the kubelet does), and at least daily (the kubelet's cap, which also covers the
 * one-year tokens an API server grants for {@code kube-api-access-*} volumes). A rewrite goes to a
 * file beside the token and is renamed over it: a module reads the old token or the new one, never a
 * torn file. (The kubelet swaps a {@code ..data} symbolic link instead; Chicory follows links against
 * the node's working directory, so the node's volumes hold no links — see {@code PreopenGuard}.)
 */
public final class ServiceAccountTokens implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServiceAccountTokens.class.getName());
    /** The kubelet refreshes a token at least this often, whatever its lifetime. */
    static final Duration MAX_REFRESH_AGE = Duration.ofHours(24);
    /** A refresh the API server refused is tried again this much later (still well before expiry). */
    private static final Duration RETRY = Duration.ofSeconds(10);
    /** What the API server grants when a projection does not say. */
    private static final long DEFAULT_EXPIRATION_SECONDS = 3600;

    private final TokenIssuer issuer;
    private final Clock clock;
    private final double refreshFraction;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("token-refresh").daemon(true).factory());
    /** Pod uid → token file → its next refresh. */
    private final Map<String, Map<Path, ScheduledFuture<?>>> refreshes = new ConcurrentHashMap<>();

    /** @param refreshFraction the share of a token's lifetime after which it is rewritten, in (0, 1) */
    public ServiceAccountTokens(TokenIssuer issuer, Clock clock, double refreshFraction) {
        if (!(refreshFraction > 0 && refreshFraction < 1)) {
            throw new IllegalArgumentException("the token refresh fraction must be between 0 and 1, got " + refreshFraction);
        }
        this.issuer = issuer;
        this.clock = clock;
        this.refreshFraction = refreshFraction;
    }

    /** When a token issued at {@code issuedAt} and expiring at {@code expiresAt} is rewritten. */
    static Instant refreshAt(Instant issuedAt, Instant expiresAt, double refreshFraction) {
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Duration age = Duration.ofMillis((long) (lifetime.toMillis() * refreshFraction));
        return issuedAt.plus(age.compareTo(MAX_REFRESH_AGE) > 0 ? MAX_REFRESH_AGE : age);
    }

    /**
     * A token for {@code source} of {@code volume}.
     *
     * @throws PodSetupException when the API server refuses it, with its words
     */
    Issued issue(Pod pod, String volume, ServiceAccountTokenProjection source) {
        Instant issuedAt = clock.instant();
        try {
            return new Issued(issuer.issue(pod, source.getAudience(), expirationSeconds(source)), issuedAt);
        } catch (KubernetesClientException e) {
            throw new PodSetupException("volume " + volume + ": cannot get a token for service account "
                    + TokenIssuer.serviceAccount(pod) + ": " + e.getMessage(), e);
        }
    }

    /** Keeps {@code file}, just written with {@code token}, fresh until {@link #forget} for the pod. */
    void keepFresh(Pod pod, String volume, Path file, ServiceAccountTokenProjection source, Issued token) {
        schedule(pod, volume, file, source, refreshAt(token.issuedAt(), token.token().expiresAt(), refreshFraction));
    }

    /** Stops refreshing the pod's tokens (its volumes are going). */
    void forget(Pod pod) {
        Map<Path, ScheduledFuture<?>> files = refreshes.remove(pod.getMetadata().getUid());
        if (files != null) {
            files.values().forEach(refresh -> refresh.cancel(false));
        }
    }

    private void schedule(Pod pod, String volume, Path file, ServiceAccountTokenProjection source, Instant when) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        Map<Path, ScheduledFuture<?>> files = refreshes.computeIfAbsent(pod.getMetadata().getUid(),
                uid -> new ConcurrentHashMap<>());
        ScheduledFuture<?> before = files.put(file, scheduler.schedule(() -> refresh(pod, volume, file, source), delay,
                TimeUnit.MILLISECONDS));
        if (before != null) {
            before.cancel(false);
        }
    }

    private void refresh(Pod pod, String volume, Path file, ServiceAccountTokenProjection source) {
        Map<Path, ScheduledFuture<?>> files = refreshes.get(pod.getMetadata().getUid());
        if (files == null || !Files.isDirectory(file.getParent())) {
            return;
        }
        try {
            Issued token = issue(pod, volume, source);
            writeAtomically(file, token.token().token());
            LOG.log(Level.DEBUG, "rewrote token {0} of pod {1}/{2}", file, pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName());
            if (refreshes.get(pod.getMetadata().getUid()) == files) {
                keepFresh(pod, volume, file, source, token);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "failed to refresh token {0}, trying again in {1} s: {2}", file, RETRY.toSeconds(),
                    e.getMessage());
            if (refreshes.get(pod.getMetadata().getUid()) == files) {
                schedule(pod, volume, file, source, clock.instant().plus(RETRY));
            }
        }
    }

    /** Writes beside {@code file} and renames over it, so a reader sees the old content or the new. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path aside = Files.createTempFile(file.getParent(), ".." + file.getFileName(), ".tmp");
        try {
            Files.writeString(aside, content, StandardCharsets.UTF_8);
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    private static long expirationSeconds(ServiceAccountTokenProjection source) {
        return source.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : source.getExpirationSeconds();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        refreshes.clear();
    }

    /** A token and when the node asked for it (the start of its lifetime as the node counts it). */
    record Issued(IssuedToken token, Instant issuedAt) {}
}
