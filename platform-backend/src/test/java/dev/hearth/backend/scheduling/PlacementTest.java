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

        assertThat(Placement.choose(List.of(busy, quiet, full), 350, 20)).contains(quiet);
    }

    @Test
    void memoryComesFirstThenTheClusterLimit() {
        HostLoad noMemory = host("no-memory", 1024, 50, 700, 2);
        HostLoad noSlot = host("no-slot", 8192, 3, 1050, 3);

        assertThat(Placement.choose(List.of(noMemory, noSlot), 350, 20)).isEmpty();
        assertThat(Placement.choose(List.of(noMemory, noSlot), 324, 20)).contains(noMemory);
    }

    @Test
    void spreadsClustersAcrossEqualHosts() {
        List<HostLoad> hosts = new java.util.ArrayList<>(List.of(host("a", 2048, 10, 0, 0), host("b", 2048, 10, 0, 0)));
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HostLoad chosen = Placement.choose(hosts, 350, 20).orElseThrow();
            order.add(chosen.name());
            hosts.set(hosts.indexOf(chosen), chosen.plus(350, 20));
        }
        assertThat(order).containsExactly("a", "b", "a", "b");
    }

    @Test
    void explainsWhyAClusterWaits() {
        assertThat(Placement.whyWaiting(List.of(), 350, 20)).isEqualTo("Waiting for capacity: no host is online");
        assertThat(Placement.whyWaiting(List.of(host("a", 1024, 2, 700, 2)), 350, 20))
                .isEqualTo("Waiting for capacity: every online host holds its maximum number of clusters");
        assertThat(Placement.whyWaiting(List.of(host("a", 1024, 10, 700, 2), host("b", 1024, 10, 900, 2)), 350, 20))
                .isEqualTo("Waiting for capacity: no host has 350 MiB free (most is 324 MiB on a)");
    }

    private static HostLoad twoCores(String name, int clusters) {
        // A 2-core, 24 GiB host with 80 % of its cores for clusters and 20 millicores set aside per cluster.
        return new HostLoad(UUID.nameUUIDFromBytes(name.getBytes()), name, 24_576, 200, clusters * 200, clusters, 1600,
                clusters * 20);
    }

    @Test
    void aHostIsFullWhenItsCoresAreSpokenForThoughMemoryIsLeft() {
        assertThat(Placement.choose(List.of(twoCores("a", 79)), 200, 20)).isPresent();
        assertThat(Placement.choose(List.of(twoCores("a", 80)), 200, 20)).as("80 x 20 millicores = 1.6 cores").isEmpty();
        assertThat(twoCores("a", 80).freeMib()).as("memory is not what stops it").isGreaterThan(8000);
    }

    @Test
    void spreadsByWhicheverOfMemoryAndCpuIsScarcer() {
        HostLoad cpuBound = new HostLoad(UUID.randomUUID(), "cpu-bound", 24_576, 200, 2_000, 10, 400, 300);
        HostLoad memoryBound = new HostLoad(UUID.randomUUID(), "memory-bound", 4_096, 200, 2_000, 10, 4_000, 300);
        assertThat(cpuBound.load()).isEqualTo(0.75);
        assertThat(Placement.choose(List.of(cpuBound, memoryBound), 350, 20)).contains(memoryBound);
    }

    @Test
    void explainsAWaitForCpuInCores() {
        assertThat(Placement.whyWaiting(List.of(twoCores("a", 80), twoCores("b", 79)), 200, 50))
                .isEqualTo("Waiting for capacity: no host has 0.05 cores free (most is 0.02 cores on b)");
        assertThat(Placement.cores(1500)).isEqualTo("1.5");
        assertThat(Placement.cores(0)).isEqualTo("0");
    }
}
