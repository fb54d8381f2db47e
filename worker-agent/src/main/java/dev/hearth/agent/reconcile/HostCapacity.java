package dev.hearth.agent.reconcile;

import dev.hearth.agent.AgentSettings;
import dev.hearth.protocol.Capacity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this host offers clusters, for the agent's {@code Hello}: its CPUs, its memory (MemTotal of
 * /proc/meminfo — the host's, which Docker's containers share), and the configured cluster limit.
 */
@ApplicationScoped
public class HostCapacity {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s+kB$");

    private final Path meminfo;
    private final int maxClusters;

    @Inject
    public HostCapacity(AgentSettings settings) {
        this(Path.of("/proc/meminfo"), settings.maxClusters());
    }

    HostCapacity(Path meminfo, int maxClusters) {
        this.meminfo = meminfo;
        this.maxClusters = maxClusters;
    }

    public Capacity capacity() {
        try {
            return new Capacity(Runtime.getRuntime().availableProcessors(), memTotal(Files.readString(meminfo)), maxClusters);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the host's memory from " + meminfo, e);
        }
    }

    /** MemTotal in bytes, from the text of /proc/meminfo. */
    static long memTotal(String meminfo) {
        Matcher total = MEM_TOTAL.matcher(meminfo);
        if (!total.find()) {
            throw new IllegalArgumentException("no 'MemTotal: <n> kB' line in /proc/meminfo");
        }
        return Long.parseLong(total.group(1)) * 1024;
    }
}
