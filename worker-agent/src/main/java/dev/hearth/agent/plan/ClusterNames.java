package dev.hearth.agent.plan;

import java.util.Locale;
import java.util.regex.Pattern;

/** The names docs/architecture.md, "Names and labels" gives a cluster's objects, and the checks that keep them valid. */
final class ClusterNames {

    /**
     * A cluster id becomes part of container names and hostnames; {@code hearth-<c>-control-plane}
     * must stay a DNS label (63 characters), which 40 characters of id leave room for.
     */
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    /** Longest node name: a DNS subdomain (253) minus the {@code -wasi} suffix. */
    private static final int MAX_NODE_BASE = 253 - "-wasi".length();

    private ClusterNames() {}

    static String requireValidId(String clusterId) {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster id '" + clusterId + "' cannot name Docker objects:"
                    + " it must be 1-40 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
        return clusterId;
    }

    static String network(String clusterId) {
        return "hearth-" + clusterId;
    }

    static String container(String clusterId, String suffix) {
        return "hearth-" + clusterId + "-" + suffix;
    }

    static String volume(String clusterId, String purpose) {
        return "hearth-" + clusterId + "-" + purpose;
    }

    /**
     * The WASI node's name, {@code <name>-wasi} (docs/architecture.md, "Names and labels"). Display names are free text, Node names
     * are DNS subdomains: the name is lowered and anything else becomes '-', so a cluster called "My
     * Demo" still gets a node ("my-demo-wasi") instead of a failed registration.
     */
    static String wasiNode(String displayName, String clusterId) {
        String base = displayName.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        if (base.length() > MAX_NODE_BASE) {
            base = base.substring(0, MAX_NODE_BASE).replaceAll("[^a-z0-9]+$", "");
        }
        return (base.isEmpty() ? clusterId : base) + "-wasi";
    }
}
