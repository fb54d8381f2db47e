package dev.hearth.agent;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The worker agent's configuration ({@code hearth.agent.*}, or {@code HEARTH_AGENT_*} in the
 * environment). Converters are named on each method so the mapping also loads outside Quarkus, as the
 * plan tests do.
 */
@ConfigMapping(prefix = "hearth.agent")
public interface AgentSettings {

    /** This host's identity: the {@code dev.hearth.host} label on everything this agent creates. */
    String hostId();

    /** The address kubeconfigs name for this host's API servers (docs/architecture.md, "Names and labels"). */
    @WithDefault("127.0.0.1")
    String advertiseAddress();

    /** The most clusters this host holds at once; sent to the backend's scheduler as capacity. */
    @WithDefault("40")
    int maxClusters();

    Registry registry();

    Endpoint endpoint();

    Images images();

    ControlPlane controlPlane();

    WasiNode wasiNode();

    Docker docker();

    Network network();

    Reconcile reconcile();

    Build build();

    /** This host's shared registry; agents sharing one Docker engine each configure their own. */
    interface Registry {

        /** Container name of the per-host registry. */
        @WithDefault("hearth-registry")
        String name();

        /** Host-side port, published on 127.0.0.1. */
        @WithDefault("5000")
        int port();
    }

    /**
     * This host's cluster endpoint (docs/operations.md, "Cluster endpoints"): one TLS-passthrough proxy
     * on the host network that routes every cluster's API server by SNI on one port. Agents sharing a
     * Docker engine each need their own name and port.
     */
    interface Endpoint {

        /** The one host port kubeconfigs name for every cluster of this host. */
        @WithDefault("6443")
        int port();

        /** Container name of the endpoint proxy. */
        @WithDefault("hearth-endpoint")
        String name();

        /**
         * The address the proxy listens on. Unset: {@code 127.0.0.1} while the advertise address is
         * loopback (nothing leaves the machine, as before), otherwise every IPv4 address, so the
         * advertise address (even one a NAT forwards) and loopback both work.
         */
        Optional<String> listenAddress();
    }

    /** Image references; {@code ./hearth} passes the content-hash tags that node-image/ builds. */
    interface Images {

        @WithDefault("hearth/control-plane:latest")
        String controlPlane();

        /**
         * The WASI node image. Unset until node-image/ builds one: clusters then get no WASI node,
         * and say so when READY, instead of a container that cannot start.
         */
        Optional<String> wasiNode();

        @WithDefault("hearth/registry:latest")
        String registry();

        /**
         * The builder image (node-image/builder): Debian's rustc and clang for wasm32-wasi. Unset, the
         * host refuses builds with a FAILED result that says so.
         */
        Optional<String> builder();

        /**
         * The cluster endpoint image (node-image/endpoint: HAProxy). Unset, kubeconfigs name each API
         * server's loopback-published port directly, which only works on this machine.
         */
        Optional<String> endpoint();

        /**
         * The toolbox image (node-image/toolbox: kubectl, Helm, curl, jq, editors) a cluster's terminal
         * runs in. Unset, terminals are refused with a reason that says so.
         */
        Optional<String> toolbox();
    }

    /**
     * Limits of a control-plane container. 768 MiB leaves head-room above the Go memory limits the
     * control-plane script sets (about 380 MiB together), which keep an idle one far smaller.
     */
    interface ControlPlane {

        @WithDefault("768M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize memory();

        @WithDefault("1000")
        int cpuMillis();

        /** How long etcd and the API server may take to come up before the step fails. */
        @WithDefault("120s")
        @WithConverter(DurationConverter.class)
        Duration startTimeout();

        /** Validity of the cluster's certificates: longer than any cluster's TTL under policy. */
        @WithDefault("720h")
        @WithConverter(DurationConverter.class)
        Duration certificateValidity();
    }

    /** Limits of a WASI node container: a small JVM plus the modules its pods run. */
    interface WasiNode {

        @WithDefault("256M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize memory();

        @WithDefault("500")
        int cpuMillis();

        /** How long a started node may take to be Ready with its serving certificate before the step fails. */
        @WithDefault("90s")
        @WithConverter(DurationConverter.class)
        Duration registerTimeout();
    }

    /** How cluster networks are confined (docs/security.md, "Participant's cluster and the host's network"). */
    interface Network {

        /**
         * Whether the agent keeps its iptables rules on cluster networks (it must run as root on the host).
         * Off only on a single-user development machine where nobody hostile gets a cluster: without the
         * rules, a cluster reaches the host's services and the Internet.
         */
        @WithDefault("true")
        boolean confine();
    }

    /** Where the host's Docker engine answers. */
    interface Docker {

        @WithDefault("unix:///var/run/docker.sock")
        String host();

        /**
         * How long a call may take before the engine counts as unreachable. Generous: on a busy
         * 2-core host a forced removal or a container start can take several seconds.
         */
        @WithDefault("10s")
        @WithConverter(DurationConverter.class)
        Duration timeout();
    }

    /** How the reconciler paces itself (docs/architecture.md: level-triggered, converging). */
    interface Reconcile {

        /** Clusters provisioned at once; more wait their turn. */
        @WithDefault("4")
        int parallelism();

        /** How often Docker is compared with the desired set even when nothing was received. */
        @WithDefault("15s")
        @WithConverter(DurationConverter.class)
        Duration resync();

        /** First wait before a FAILED cluster is tried again; doubles on each failure. */
        @WithDefault("10s")
        @WithConverter(DurationConverter.class)
        Duration failureBackoff();

        /** Longest wait between retries, of a failed cluster or an unreachable Docker engine. */
        @WithDefault("5m")
        @WithConverter(DurationConverter.class)
        Duration maxBackoff();
    }

    /**
     * Participants' builds (issue 5): one short-lived builder container each, with these limits. The
     * defaults fit a hello-world with room to spare (Rust ~3 s, C ~1 s on one core).
     */
    interface Build {

        /** Builds run at once on this host; more wait, QUEUED, in arrival order. */
        @WithDefault("2")
        int parallelism();

        @WithDefault("1000")
        int cpuMillis();

        @WithDefault("1G")
        @WithConverter(MemorySizeConverter.class)
        MemorySize memory();

        /** Processes and threads in the builder: rustc runs a few dozen threads, a fork bomb stops here. */
        @WithDefault("256")
        long pids();

        /** Wall time of the compiler; past it the container is killed and the build FAILED. */
        @WithDefault("120s")
        @WithConverter(DurationConverter.class)
        Duration timeout();

        /** Largest source file accepted (docs/builds.md: a file of at most 64 KiB). */
        @WithDefault("64K")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxSource();

        /** Most compiler output (bytes) streamed; past it the container is killed and the build FAILED. */
        @WithDefault("1M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxOutput();

        /** Largest module pushed. */
        @WithDefault("20M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize maxModule();

        /** Compiled modules kept by their inputs; relative to the agent's working directory (its state dir). */
        @WithDefault("build-cache")
        String cacheDir();

        /** Most disk the cache uses; the least recently used modules go first. */
        @WithDefault("256M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize cacheSize();

        /** Longest a build log line waits before it is sent: lines go out in batches, not one message each. */
        @WithDefault("50ms")
        @WithConverter(DurationConverter.class)
        Duration logBatch();
    }
}
