package dev.hearth.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which namespace the registry filter's table gives each cluster, before anything is written (no Docker here). */
class RegistryAccessTest {

    private final RegistryAccess access = new RegistryAccess(null, "host-a", "hearth-registry");

    @Test
    void aWarmClusterHandedOutWhileItWasProvisionedKeepsItsNewOwner() {
        // The plan was made from the set before the hand-out (no owner); the newer set names alice.
        access.namespaces(withNull("c-warm"));
        access.namespaces(Map.of("c-warm", "alice"));
        access.planned("c-warm", null);

        assertThat(access.known()).containsExactly(Map.entry("c-warm", "alice"));
    }

    @Test
    void aPlanNamesTheNamespaceWhenNoSetHasYet() {
        access.planned("c-1", "bob");

        assertThat(access.known()).containsExactly(Map.entry("c-1", "bob"));
    }

    @Test
    void aClusterGoneFromTheDesiredSetLosesItsNamespace() {
        access.namespaces(Map.of("c-1", "alice", "c-2", "bob"));
        access.namespaces(Map.of("c-2", "bob"));

        assertThat(access.known()).containsExactly(Map.entry("c-2", "bob"));
    }

    private static Map<String, String> withNull(String clusterId) {
        Map<String, String> map = new HashMap<>();
        map.put(clusterId, null);
        return map;
    }
}
