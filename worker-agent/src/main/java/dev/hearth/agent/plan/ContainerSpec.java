package dev.hearth.agent.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One container of a cluster, complete enough for the executor to create it without deciding
 * anything.
 *
 * @param name the container name, also its hostname on the cluster network
 * @param role what it is for
 * @param image the image reference
 * @param network the cluster network it joins
 * @param labels cluster, host and role labels
 * @param env its environment, sorted by name so equal plans compare equal
 * @param ports ports published on the host
 * @param mounts volumes mounted into it
 * @param limits memory and CPU limits
 * @param hardening capabilities, pids limit and writable paths of its read-only root file system
 */
public record ContainerSpec(
        String name,
        Role role,
        String image,
        String network,
        Map<String, String> labels,
        Map<String, String> env,
        List<PortBinding> ports,
        List<VolumeMount> mounts,
        ResourceLimits limits,
        Hardening hardening) {

    public ContainerSpec {
        labels = Map.copyOf(labels);
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
    }
}
