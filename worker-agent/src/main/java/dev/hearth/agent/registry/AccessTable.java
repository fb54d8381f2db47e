package dev.hearth.agent.registry;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The file the registry's read-side filter reads (node-image/registry-filter): one line per cluster
 * network the registry is on, {@code <the registry's address there> <owner's namespace, or -> <cluster id>},
 * closed by {@code # end} (the filter ignores a file without it: a copy caught half-written). The
 * filter lets a request that arrives on an address read that namespace and the shared repositories,
 * nothing else; an address not listed reads the shared ones only (docs/security.md).
 */
record AccessTable(SortedMap<String, Reader> byAddress) {

    /** Whom one address belongs to. {@code namespace} null: no owner known, shared repositories only. */
    record Reader(String clusterId, String namespace) {}

    static final String END = "# end";
    /** The backend's namespaces are a stricter subset of the OCI path component (demo.RegistryNamespaces). */
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+");

    AccessTable {
        byAddress = new TreeMap<>(byAddress);
    }

    /**
     * @param addresses the registry's address on each cluster network, by cluster id
     * @param namespaces each desired cluster's owner's namespace, by cluster id (absent: none)
     */
    static AccessTable of(Map<String, String> addresses, Map<String, String> namespaces) {
        SortedMap<String, Reader> table = new TreeMap<>();
        addresses.forEach((clusterId, address) -> {
            if (address == null || !ADDRESS.matcher(address).matches()) {
                return;
            }
            String namespace = namespaces.get(clusterId);
            // A namespace the filter could misread is no namespace: that cluster sees the shared content only.
            table.put(address, new Reader(clusterId, namespace != null && COMPONENT.matcher(namespace).matches()
                    && namespace.length() <= 255 ? namespace : null));
        });
        return new AccessTable(table);
    }

    String render() {
        StringBuilder text = new StringBuilder(
                "# hearth-registry access, written by the worker agent: <registry address> <namespace> <cluster>\n");
        byAddress.forEach((address, reader) -> text.append(address).append(' ')
                .append(reader.namespace() == null ? "-" : reader.namespace()).append(' ')
                .append(reader.clusterId()).append('\n'));
        return text.append(END).append('\n').toString();
    }
}
