package dev.hearth.backend.scheduling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How clusters are placed on hosts ({@code hearth.scheduling.*}). */
@ConfigMapping(prefix = "hearth.scheduling")
public interface SchedulingSettings {

    /**
     * Memory set aside per cluster on its host, in MiB. An idle cluster's containers use about this
     * much (docs/BENCHMARKS.md targets at most 350 MiB); their hard limits are higher, since not every cluster
     * is busy at once, and planning by limits would fit far fewer than the 50 a 24 GiB host should hold.
     */
    @WithDefault("350")
    int clusterMemoryMib();

    /**
     * CPU set aside per cluster on its host, in millicores. An idle cluster (control plane and WASI
     * node) uses about this much (docs/BENCHMARKS.md, "Density"); a host takes clusters while
     * {@link #cpuUsablePercent()} of its cores minus this per cluster it holds is at least this much.
     */
    @WithDefault("20")
    int clusterMillicores();

    /**
     * The share of a host's cores, in percent, that clusters may be planned on; the rest is left for
     * the agent, the host's registry, clusters starting (CPU-bound for seconds) and bursts of work, so
     * a "full" host still answers quickly instead of thrashing.
     */
    @WithDefault("80")
    int cpuUsablePercent();

    /** How often a scheduling pass runs on its own, besides the ones requests, hellos and deletions start. */
    @WithDefault("10s")
    String every();

    /**
     * The most clusters a host may be starting (SCHEDULED or PROVISIONING) before it takes another
     * warm-pool cluster — a classroom's pre-provisioned seats. Starting a control plane is CPU-bound,
     * so this is what keeps pre-provisioning a 30-seat class from overloading a host; clusters a
     * person is waiting for are never held back by it.
     */
    @WithDefault("3")
    int warmPoolPerHost();

    /** The most waiting clusters one pass looks at, oldest first. */
    @WithDefault("500")
    int batch();
}
