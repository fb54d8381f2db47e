package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCapacityTest {

    private static final String MEMINFO = """
            MemTotal:       24558012 kB
            MemFree:        16777216 kB
            MemAvailable:   20000000 kB
            """;

    @Test
    void memoryIsMemTotalInBytes() {
        assertThat(HostCapacity.memTotal(MEMINFO)).isEqualTo(24558012L * 1024);
    }

    @Test
    void capacityCombinesCpusMemoryAndTheConfiguredClusterLimit(@TempDir Path tmp) throws Exception {
        Path meminfo = Files.writeString(tmp.resolve("meminfo"), MEMINFO);

        var capacity = new HostCapacity(meminfo, 40).capacity();

        assertThat(capacity.memoryBytes()).isEqualTo(24558012L * 1024);
        assertThat(capacity.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(capacity.maxClusters()).isEqualTo(40);
    }

    @Test
    void aMeminfoWithoutMemTotalIsRefusedByName() {
        assertThatThrownBy(() -> HostCapacity.memTotal("MemFree: 1 kB\n")).hasMessageContaining("MemTotal");
    }
}
