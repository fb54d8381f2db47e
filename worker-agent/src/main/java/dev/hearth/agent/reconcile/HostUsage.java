package dev.hearth.agent.reconcile;

import dev.hearth.protocol.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this host uses now, for the agent's {@code Heartbeat}: memory in use (MemTotal − MemAvailable of
 * /proc/meminfo, what the kernel could not hand out without swapping) and the CPU busy since the previous
 * sample (the aggregate {@code cpu} line of /proc/stat), in cores. Host-wide, not the clusters' alone: a
 * host is as busy as whatever keeps it busy (docs/agent-channel.md).
 */
@ApplicationScoped
public class HostUsage {

    private static final Pattern MEM_AVAILABLE = Pattern.compile("(?m)^MemAvailable:\\s+(\\d+)\\s+kB$");

    private final Path meminfo;
    private final Path stat;
    private final int cpus;
    /** The previous sample's CPU times; the first sample measures from start-up. */
    private CpuTimes previous;

    @Inject
    public HostUsage() {
        this(Path.of("/proc/meminfo"), Path.of("/proc/stat"), Runtime.getRuntime().availableProcessors());
    }

    HostUsage(Path meminfo, Path stat, int cpus) {
        this.meminfo = meminfo;
        this.stat = stat;
        this.cpus = cpus;
        this.previous = CpuTimes.parse(read(stat));
    }

    /** The host's usage now, with the number of clusters this agent holds. */
    public synchronized Usage sample(int clusters) {
        CpuTimes now = CpuTimes.parse(read(stat));
        double cores = now.coresSince(previous, cpus);
        previous = now;
        return new Usage(clusters, memoryUsed(read(meminfo)), cores);
    }

    /** MemTotal − MemAvailable in bytes, from the text of /proc/meminfo. */
    static long memoryUsed(String meminfo) {
        Matcher available = MEM_AVAILABLE.matcher(meminfo);
        if (!available.find()) {
            throw new IllegalArgumentException("no 'MemAvailable: <n> kB' line in /proc/meminfo");
        }
        return HostCapacity.memTotal(meminfo) - Long.parseLong(available.group(1)) * 1024;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the host's usage from " + file, e);
        }
    }

    /**
     * The aggregate CPU times of /proc/stat's first line, in clock ticks since boot: busy (user, nice,
     * system, irq, softirq, steal) and in all (busy plus idle and iowait). Guest time is already counted in
     * user and nice, so it is left out.
     */
    record CpuTimes(long busy, long total) {

        static CpuTimes parse(String stat) {
            String first = stat.lines().findFirst().orElse("");
            String[] fields = first.trim().split("\\s+");
            if (fields.length < 8 || !fields[0].equals("cpu")) {
                throw new IllegalArgumentException("no aggregate 'cpu' line first in /proc/stat");
            }
            long[] ticks = Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).toArray();
            long idle = ticks[3] + ticks[4];
            long busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks.length > 7 ? ticks[7] : 0);
            return new CpuTimes(busy, busy + idle);
        }

        /** The cores busy on average between {@code earlier} and this sample; 0 when no tick passed. */
        double coresSince(CpuTimes earlier, int cpus) {
            long elapsed = total - earlier.total;
            if (elapsed <= 0) {
                return 0;
            }
            return (double) Math.max(0, busy - earlier.busy) / elapsed * cpus;
        }
    }
}
