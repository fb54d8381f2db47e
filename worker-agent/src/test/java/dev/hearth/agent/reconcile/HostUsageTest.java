package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hearth.protocol.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostUsageTest {

    private static final String MEMINFO = """
            MemTotal:       24558012 kB
            MemFree:        16777216 kB
            MemAvailable:   20000000 kB
            """;

    /** user nice system idle iowait irq softirq steal guest guest_nice, then the per-CPU lines. */
    private static String stat(long user, long system, long idle) {
        return "cpu  " + user + " 0 " + system + " " + idle + " 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\n";
    }

    @Test
    void memoryInUseIsTotalLessAvailable() {
        assertThat(HostUsage.memoryUsed(MEMINFO)).isEqualTo((24558012L - 20000000L) * 1024);
    }

    @Test
    void cpuIsTheBusyShareOfTheTicksSinceThePreviousSampleTimesTheCpus(@TempDir Path tmp) throws Exception {
        Path meminfo = Files.writeString(tmp.resolve("meminfo"), MEMINFO);
        Path stat = Files.writeString(tmp.resolve("stat"), stat(1000, 500, 8500));
        HostUsage usage = new HostUsage(meminfo, stat, 2);

        // 300 busy ticks of 400 elapsed on 2 CPUs: one and a half cores busy.
        Files.writeString(stat, stat(1200, 600, 8600));
        Usage first = usage.sample(3);
        assertThat(first.cpuUsedCores()).isCloseTo(1.5, within(1e-9));
        assertThat(first.clusters()).isEqualTo(3);
        assertThat(first.memoryUsedBytes()).isEqualTo((24558012L - 20000000L) * 1024);

        // The next sample measures from the previous one, not from boot: an idle interval is 0 cores.
        Files.writeString(stat, stat(1200, 600, 9000));
        assertThat(usage.sample(3).cpuUsedCores()).isZero();
    }

    @Test
    void noTickSinceThePreviousSampleIsNoCpu(@TempDir Path tmp) throws Exception {
        Path stat = Files.writeString(tmp.resolve("stat"), stat(1, 1, 1));
        HostUsage usage = new HostUsage(Files.writeString(tmp.resolve("meminfo"), MEMINFO), stat, 2);
        assertThat(usage.sample(0).cpuUsedCores()).isZero();
    }

    @Test
    void aStatWithoutTheAggregateLineIsRefusedByName() {
        assertThatThrownBy(() -> HostUsage.CpuTimes.parse("intr 1 2 3\n")).hasMessageContaining("'cpu' line");
    }

    @Test
    void theRealProcFilesOfThisMachineParse() {
        Usage now = new HostUsage().sample(0);
        assertThat(now.memoryUsedBytes()).isPositive();
        assertThat(now.cpuUsedCores()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
    }
}
