package dev.hearth.agent.tunnel;

import dev.hearth.protocol.TunnelTarget;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where app tunnels of one cluster and target went in the last moments: resolving costs a Docker call and
 * two API server reads, more than the request itself, and a page load asks the same app many times. Only
 * addresses {@link AppEndpoints} allowed are kept, for {@code ttl}; a connection that fails forgets its
 * entry. So an app tunnel may use an endpoint up to {@code ttl} after it stopped being ready — as
 * kube-proxy's rules lag behind endpoints — but never an address that was not the cluster's own node.
 */
final class RecentEndpoints {

    /** More entries than this and the cache starts over: bounded whatever names a backend sends. */
    private static final int MAX_ENTRIES = 1000;

    private record Key(String clusterId, TunnelTarget.Http target) {
    }

    private record Entry(InetSocketAddress address, long expiresAt) {
    }

    private final Duration ttl;
    private final LongSupplier nanos;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    RecentEndpoints(Duration ttl, LongSupplier nanos) {
        this.ttl = ttl;
        this.nanos = nanos;
    }

    /** The recent address for the target, or what {@code resolve} says now (which may throw: nothing is kept then). */
    InetSocketAddress get(String clusterId, TunnelTarget.Http target, Supplier<InetSocketAddress> resolve) {
        Key key = new Key(clusterId, target);
        Entry entry = entries.get(key);
        long now = nanos.getAsLong();
        if (entry != null && now - entry.expiresAt() < 0) {
            return entry.address();
        }
        InetSocketAddress address = resolve.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(address, now + ttl.toNanos()));
        return address;
    }

    void forget(String clusterId, TunnelTarget.Http target) {
        entries.remove(new Key(clusterId, target));
    }
}
