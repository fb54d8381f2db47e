package dev.hearth.backend.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static HostLoad host(String name, int memoryMib, int maxClusters, int allocatedMib, int clusters) {
        return new HostLoad(UUID.nameUUIDFromBytes(name.getBytes()), name, memoryMib, maxClusters, allocatedMib, clusters);
    }

    @Test
    void choosesTheLeastLoadedHostWithRoom() {
        HostLoad busy = host("busy", 4096, 50, 3000, 8);
        HostLoad quiet = host("quiet", 4096, 50, 700, 2);
        HostLoad full = host("full", 4096, 2, 700, 2);

        assertThat(Placement.choose(List.of(busy, quiet, full), 350)).contains(quiet);
    }

    @Test
    void memoryComesFirstThenTheClusterLimit() {
        HostLoad noMemory = host("no-memory", 1024, 50, 700, 2);
        HostLoad noSlot = host("no-slot", 8192, 3, 1050, 3);

        assertThat(Placement.choose(List.of(noMemory, noSlot), 350)).isEmpty();
        assertThat(Placement.choose(List.of(noMemory, noSlot), 324)).contains(noMemory);
    }

    @Test
    void spreadsClustersAcrossEqualHosts() {
        List<HostLoad> hosts = new java.util.ArrayList<>(List.of(host("a", 2048, 10, 0, 0), host("b", 2048, 10, 0, 0)));
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HostLoad chosen = Placement.choose(hosts, 350).orElseThrow();
            order.add(chosen.name());
            hosts.set(hosts.indexOf(chosen), chosen.plus(350));
        }
        assertThat(order).containsExactly("a", "b", "a", "b");
    }

    @Test
    void explainsWhyAClusterWaits() {
        assertThat(Placement.whyWaiting(List.of(), 350)).isEqualTo("Waiting for capacity: no host is online");
        assertThat(Placement.whyWaiting(List.of(host("a", 1024, 2, 700, 2)), 350))
                .isEqualTo("Waiting for capacity: every online host holds its maximum number of clusters");
        assertThat(Placement.whyWaiting(List.of(host("a", 1024, 10, 700, 2), host("b", 1024, 10, 900, 2)), 350))
                .isEqualTo("Waiting for capacity: no host has 350 MiB free (most is 324 MiB on a)");
    }
}
