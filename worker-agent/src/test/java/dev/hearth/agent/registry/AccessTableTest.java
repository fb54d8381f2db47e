package dev.hearth.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table the registry's read-side filter reads: node-image/registry-filter parses exactly this form. */
class AccessTableTest {

    @Test
    void eachClusterNetworksAddressNamesItsOwnersNamespaceAndTheFileEndsWithItsMarker() {
        Map<String, String> namespaces = new HashMap<>();
        namespaces.put("c-bob", "bob");
        namespaces.put("c-alice", "alice");

        String text = AccessTable.of(Map.of("c-alice", "172.20.0.3", "c-bob", "172.21.0.3"), namespaces).render();

        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .containsExactly("172.20.0.3 alice c-alice", "172.21.0.3 bob c-bob");
        assertThat(text).endsWith("\n# end\n");
    }

    @Test
    void aClusterWithoutAKnownNamespaceReadsSharedContentOnly() {
        Map<String, String> namespaces = new HashMap<>();
        namespaces.put("c-warm", null);
        // Nothing the backend would send, but a namespace the filter could misread must not pass.
        namespaces.put("c-odd", "../alice");

        String text = AccessTable.of(Map.of("c-warm", "172.20.0.3", "c-odd", "172.22.0.3", "c-unknown", "172.23.0.3"),
                namespaces).render();

        assertThat(text.lines().filter(line -> !line.startsWith("#")))
                .containsExactly("172.20.0.3 - c-warm", "172.22.0.3 - c-odd", "172.23.0.3 - c-unknown");
    }

    @Test
    void aNetworkWithoutAnAddressIsLeftOut() {
        Map<String, String> addresses = new HashMap<>();
        addresses.put("c-1", "");
        addresses.put("c-2", "not an address");

        assertThat(AccessTable.of(addresses, Map.of("c-1", "alice", "c-2", "bob")).byAddress()).isEmpty();
    }
}
